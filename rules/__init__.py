"""Rule files (YAML). This folder is installed as ``govinfo_check.rules`` so the rules ship in the wheel."""
