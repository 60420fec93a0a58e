"""One hook per external system, each a subclass of the provider hook that fits."""
