"""What nox, the benchmarks and the tests run to build, serve and translate the site.

Run from the repository root as modules (`python -m tools.site build`), so that no path needs
editing: guide.py holds the shared facts and the one sphinx-build command line.
"""
