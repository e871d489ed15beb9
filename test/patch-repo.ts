// A real git repository for the patch tests: a Go module (example.com/shop)
// with packages cart and price on `main`; a branch `feature` that edits
// cart.go, renames price/util.go to price/helpers.go (with an added
// function), deletes price/old.go, adds "price/prix spécial.go" (space and
// non-ASCII in the name), a CRLF file cart/crlf.go and a package tax without
// tests; `main` moves on and is merged into `feature` (so only the merge-base
// diff is right), then moves on again. The profile comes from a real
// `go test -coverprofile ./cart ./price` on the branch (tax is not measured).

import { writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run, tempDir, GO_TEST_CACHE } from './helpers.js';

export interface PatchRepo {
  dir: string;
  /** The profile of `go test -coverprofile` on `feature`. */
  profile: string;
  env: NodeJS.ProcessEnv;
}

const GO_MOD = 'module example.com/shop\n\ngo 1.21\n';

const CART_BASE = `package cart

// Cart holds items.
type Cart struct {
	items []int
}

// Add adds an item.
func (c *Cart) Add(n int) {
	c.items = append(c.items, n)
}

// Total sums the items.
func (c *Cart) Total() int {
	t := 0
	for _, n := range c.items {
		t += n
	}
	return t
}
`;

/** Feature version; line numbers are used by the tests. */
export const CART_FEATURE = `package cart

// Clear empties the cart.
func (c *Cart) Clear() {
	c.items = nil
}

// Cart holds items.
type Cart struct {
	items []int
}

// Add adds an item.
func (c *Cart) Add(n int) {
	c.items = append(c.items, n)
}

// Total sums the items, skipping negative ones.
func (c *Cart) Total() int {
	t := 0
	for _, n := range c.items {
		if n < 0 {
			continue
		}
		t += n
	}
	return t
}
`;

const CART_TEST = `package cart

import "testing"

func TestTotal(t *testing.T) {
	var c Cart
	c.Add(1)
	c.Add(2)
	if c.Total() != 3 {
		t.Fatal(c.Total())
	}
}
`;

const CRLF = 'package cart\r\n\r\n// Count returns the number of items.\r\nfunc (c *Cart) Count() int {\r\n\treturn len(c.items)\r\n}\r\n';

const CART_TEST_FEATURE = `${CART_TEST}
func TestCount(t *testing.T) {
	var c Cart
	c.Add(5)
	if c.Count() != 1 {
		t.Fatal(c.Count())
	}
}
`;

const PRICE = `package price

// Discount returns the price after a discount.
func Discount(p, pct int) int {
	if pct <= 0 {
		// Nothing to take off.
		return p
	}
	return p - p*pct/100
}
`;

const UTIL_BASE = `package price

// Clamp limits p to [0, max].
func Clamp(p, max int) int {
	if p < 0 {
		return 0
	}
	if p > max {
		return max
	}
	return p
}
`;

export const HELPERS_FEATURE = `package price

// Half halves p.
func Half(p int) int {
	return p / 2
}

// Clamp limits p to [0, max].
func Clamp(p, max int) int {
	if p < 0 {
		return 0
	}
	if p > max {
		return max
	}
	return p
}
`;

const OLD = `package price

// Old is going away.
func Old() int {
	return 1
}
`;

export const SPECIAL = `package price

// Special caps a price at 100.
func Special(p int) int {
	if p > 100 {
		return 100
	}
	return p
}
`;

const ROUND = `package price

// Round rounds p down to a multiple of 5.
func Round(p int) int {
	return p - p%5
}
`;

const PRICE_TEST = `package price

import "testing"

func TestDiscount(t *testing.T) {
	if Discount(100, 10) != 90 {
		t.Fatal()
	}
}
`;

const PRICE_TEST_FEATURE = `${PRICE_TEST}
func TestMore(t *testing.T) {
	if Half(4) != 2 || Special(50) != 50 || Clamp(-1, 3) != 0 || Round(7) != 5 {
		t.Fatal()
	}
}
`;

const TAX = `package tax

// Add adds 20% tax.
func Add(p int) int {
	return p + p/5
}
`;

/** The name with a space and non-ASCII characters. */
export const SPECIAL_PATH = 'price/prix spécial.go';

/** Build the repository and the profile (needs git and the given go binary). */
export function makePatchRepo(go: string): PatchRepo {
  const dir = tempDir('gopherage-patch-');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOTOOLCHAIN: 'local',
    GOFLAGS: '',
    GOPROXY: 'off',
    GO111MODULE: 'on',
    // A build cache shared by runs (safe: Go keys it by content); a fresh one costs minutes of compiling std.
    GOCACHE: GO_TEST_CACHE,
    GOPATH: join(dir, '.cache', 'gopath'),
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  const git = (...args: string[]): string => run('git', args, { cwd: repo, env });
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  git('init', '-q', '-b', 'main');
  git('config', 'core.autocrlf', 'false');
  write('go.mod', GO_MOD);
  write('cart/cart.go', CART_BASE);
  write('cart/cart_test.go', CART_TEST);
  write('price/price.go', PRICE);
  write('price/util.go', UTIL_BASE);
  write('price/old.go', OLD);
  write('price/price_test.go', PRICE_TEST);
  git('add', '-A');
  git('commit', '-qm', 'base');
  git('checkout', '-qb', 'feature');
  write('cart/cart.go', CART_FEATURE);
  write('cart/crlf.go', CRLF);
  write('cart/cart_test.go', CART_TEST_FEATURE);
  git('mv', 'price/util.go', 'price/helpers.go');
  write('price/helpers.go', HELPERS_FEATURE);
  rmSync(join(repo, 'price/old.go'));
  write(SPECIAL_PATH, SPECIAL);
  write('tax/tax.go', TAX);
  git('add', '-A');
  git('commit', '-qm', 'feature work');
  // main moves on, and is merged into the branch.
  git('checkout', '-q', 'main');
  write('price/round.go', ROUND);
  git('add', '-A');
  git('commit', '-qm', 'round');
  git('checkout', '-q', 'feature');
  write('price/price_test.go', PRICE_TEST_FEATURE);
  git('add', '-A');
  git('commit', '-qm', 'tests');
  git('merge', '-q', '--no-edit', 'main');
  // main moves on again (not merged): a two-dot diff would wrongly show this line as the branch's.
  git('checkout', '-q', 'main');
  write('price/price.go', PRICE.replace('return p - p*pct/100', 'return p - (p*pct)/100'));
  git('commit', '-qam', 'parenthesize');
  git('checkout', '-q', 'feature');
  const profile = join(dir, 'cover.out');
  run(go, ['test', '-coverprofile', profile, './cart', './price'], { cwd: repo, env });
  return { dir: repo, profile, env };
}
