// Module Providers: see DESIGN.md (Architecture). Filled in by its issue.
enum ProvidersModule {}
