"""`python -m evalguard.action`: the step action.yml runs."""

from evalguard.action.step import main

raise SystemExit(main())
