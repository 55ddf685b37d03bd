"""The kernel: the few rules every domain builds on (domain events; the state machine)."""
