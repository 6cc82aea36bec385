"""The Action's step under its first name: `python -m evalguard.ghaction` runs
`python -m evalguard.action` (action.yml calls that), for scripts that call the old one."""

if __name__ == "__main__":
    from evalguard.action.step import main

    raise SystemExit(main())
