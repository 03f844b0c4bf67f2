"""Job handlers of this app, registered with futurecommunity.jobs on app ready."""
