"""Check kinds. Importing this package registers every kind with the registry."""
