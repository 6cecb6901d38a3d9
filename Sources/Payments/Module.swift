// Module Payments: see DESIGN.md (Architecture). Filled in by its issue.
enum PaymentsModule {}
