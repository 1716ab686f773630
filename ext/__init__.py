"""The project's Sphinx extensions, one job each (conf.py lists them as `ext.<module>`)."""
