"""Reading a step's log and `$GITHUB_OUTPUT` as the GitHub runner reads them."""

from __future__ import annotations


def parse_commands(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    """Workflow commands in `stdout` as the runner reads them (honours stop-commands)."""
    found: list[tuple[str, dict[str, str], str]] = []
    stopped: str | None = None
    for line in stdout.splitlines():
        if stopped is not None:
            if line == f"::{stopped}::":
                stopped = None
            continue
        if not line.startswith("::") or "::" not in line[2:]:
            continue
        head, data = line[2:].split("::", 1)
        name, _, props_text = head.partition(" ")
        if name == "stop-commands":
            stopped = data
            continue
        props = dict(p.split("=", 1) for p in props_text.split(",") if p)
        found.append((name, {k: unescape(v) for k, v in props.items()}, unescape(data)))
    return found


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse_outputs(text: str) -> dict[str, str]:
    """`$GITHUB_OUTPUT` as the runner reads it: `name=value` and `name<<DELIM` blocks."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body: list[str] = []
            for item in lines:
                if item == delimiter:
                    break
                body.append(item)
            values[name] = "\n".join(body)
        elif line:
            name, value = line.split("=", 1)
            values[name] = value
    return values
