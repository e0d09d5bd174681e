from eccentric.cli import main

raise SystemExit(main())
