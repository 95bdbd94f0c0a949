"""Tools for developers that never ship: installed by config/settings/dev.py and test.py only."""
