// Module KassaService: see DESIGN.md (Architecture). Filled in by its issue.
enum KassaServiceModule {}
