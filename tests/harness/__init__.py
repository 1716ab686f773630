"""How the tests run what a reader runs, and read what it wrote; one module per idea.

- project: where things are (snippets, pages, languages) and what a snippet file holds
- reader: run a snippet, a `flask` command, a shell line, a pytest run or a long-running
  process as a reader runs it (one environment, one way to start, stop and wait), or import a
  snippet module anew into the test's process; the `reader`
  fixture of tests/conftest.py hands the page tests a `Reader`
- deadlines: the pytest plugin that gives every test and process a deadline, and reports
  where an overrun was stuck
- output: one normaliser of what changes from run to run, one matcher for `...` in the output
  a page shows
- flask_lines: the Flask version under test and how each Flask line words the errors
  (imports Flask's metadata: only the page tests import it)
- servers: free ports, waiting, and the real servers a test starts (Redis, SMTP, gunicorn, uWSGI)
- recordings: the recorded tracebacks of the finder (tests/tracebacks/)
- apps: in-process helpers of the page tests (a blueprint's app, threads and their errors, the
  users in a SQLite file)
- catalogs: .po texts for the extensions' tests

Nothing here imports Flask or another package of the snippets' stack when it is imported: the
translators' checks run with none of them installed.
"""
