// Module Store: see DESIGN.md (Architecture). Filled in by its issue.
enum StoreModule {}
