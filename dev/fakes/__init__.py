"""Local servers written from the documented protocols of the external systems, with their errors."""
