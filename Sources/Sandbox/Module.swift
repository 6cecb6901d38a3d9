// Module Sandbox: see DESIGN.md (Architecture). Filled in by its issue.
enum SandboxModule {}
