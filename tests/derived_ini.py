"""A configuration of a test's own, on top of the test configuration: the options it
changes, and CKAN's logging kept to warnings on stderr (a command run by the test
would otherwise find no logging sections)."""
import os
import textwrap

_LOGGING = """
[loggers]
keys = root
[handlers]
keys = console
[formatters]
keys = generic
[logger_root]
level = WARNING
handlers = console
[handler_console]
class = StreamHandler
args = (sys.stderr,)
formatter = generic
[formatter_generic]
format = %(levelname)s %(message)s
"""


def write(path, request, options: str) -> str:
    """``options``: lines of ``[app:main]`` after the inherited test configuration."""
    base = os.path.abspath(request.config.getoption("ckan_ini"))
    path.write_text(f"[app:main]\nuse = config:{base}\n"
                    f"{textwrap.dedent(options).strip()}\n{_LOGGING}")
    return str(path)
