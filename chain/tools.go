//go:build tools

// Package chain pins the wasmd node used by scripts/chain.sh: go.mod is wasmd v0.60.8's own
// go.mod (replace directives kept) plus the sonic upgrade that Go >= 1.25 needs.
package chain

import _ "github.com/CosmWasm/wasmd/cmd/wasmd"
