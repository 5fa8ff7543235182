"""Parent Guides toolkit: the `guides` command."""
