// Module Outbound: see DESIGN.md (Architecture). Filled in by its issue.
enum OutboundModule {}
