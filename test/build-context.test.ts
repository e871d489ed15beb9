// Go's build rules as src/source/buildContext.ts applies them: file name
// suffixes, //go:build expressions, legacy // +build lines and the header
// rules of go/build (cases taken from go/build's own tests and docs).

import { describe, expect, it } from 'vitest';
import { ConstraintError, evalGoBuild, goodOSArchFile, matchTag, shouldBuild, type BuildContext } from '../src/source/buildContext.js';
import { candidateName } from '../src/source/packageFiles.js';

const linux: BuildContext = { goos: 'linux', goarch: 'amd64', cgo: false, tags: [], goMinor: 23 };
const cgoLinux: BuildContext = { ...linux, cgo: true, tags: ['foo'] };

describe('build rules', () => {
  it('file names: _test, _/. prefixes, _GOOS, _GOARCH, _GOOS_GOARCH', () => {
    const ok = (n: string) => candidateName(linux, n);
    expect(['a.go', 'a_linux.go', 'a_amd64.go', 'a_linux_amd64.go', 'linux.go', 'amd64.go', 'a_unix.go', 'a_x.go'].filter(ok)).toEqual([
      'a.go',
      'a_linux.go',
      'a_amd64.go',
      'a_linux_amd64.go',
      'linux.go',
      'amd64.go',
      'a_unix.go',
      'a_x.go',
    ]);
    expect(['a_test.go', '_a.go', '.a.go', 'a_windows.go', 'a_arm64.go', 'a_linux_arm64.go', 'a_darwin_amd64.go', 'a.c', 'a_windows_test.go'].filter(ok)).toEqual([]);
    expect(goodOSArchFile({ ...linux, goos: 'android' }, 'a_linux.go')).toBe(true);
    expect(goodOSArchFile({ ...linux, goos: 'ios', goarch: 'arm64' }, 'a_darwin_arm64.go')).toBe(true);
  });

  it('//go:build expressions: && || ! parentheses, unix, release tags, cgo, gc, tags', () => {
    const t = (e: string, ctx = linux) => evalGoBuild(ctx, `//go:build ${e}`);
    expect(t('linux && amd64')).toBe(true);
    expect(t('linux && !amd64')).toBe(false);
    expect(t('windows || (unix && !cgo)')).toBe(true);
    expect(t('windows || (unix && !cgo)', cgoLinux)).toBe(false);
    expect(t('go1.21 && !go1.24')).toBe(true);
    expect(t('go1.24')).toBe(false);
    expect(t('gc && !gccgo')).toBe(true);
    expect(t('ignore')).toBe(false);
    expect(t('foo', cgoLinux)).toBe(true);
    expect(t('amd64.v1 && goexperiment.coverageredesign')).toBe(true);
    expect(t('amd64.v3')).toBe(false);
    expect(t('!(darwin || windows) && (arm64 || amd64)')).toBe(true);
    expect(() => t('linux &&')).toThrow(ConstraintError);
    expect(() => t('(linux')).toThrow(ConstraintError);
    expect(() => t('linux amd64')).toThrow(ConstraintError);
    expect(matchTag({ ...linux, goos: 'illumos' }, 'solaris')).toBe(true);
  });

  it('the header: //go:build before the package clause wins over +build; +build only before a blank line', () => {
    expect(shouldBuild(linux, '// Copyright\n\n//go:build windows\n\npackage p\n')).toBe(false);
    expect(shouldBuild(linux, '//go:build windows\n// +build linux\n\npackage p\n')).toBe(false);
    expect(shouldBuild(linux, '// +build windows\n\npackage p\n')).toBe(false);
    expect(shouldBuild(linux, '// +build windows linux,amd64\n\npackage p\n')).toBe(true);
    expect(shouldBuild(linux, '// +build !linux\n\npackage p\n')).toBe(false);
    // A +build line not followed by a blank line is a plain comment.
    expect(shouldBuild(linux, '// +build windows\npackage p\n')).toBe(true);
    // After the package clause nothing counts.
    expect(shouldBuild(linux, 'package p\n\n//go:build windows\n')).toBe(true);
    // Inside a /* */ comment it is not a directive.
    expect(shouldBuild(linux, '/*\n//go:build windows\n*/\n\npackage p\n')).toBe(true);
    expect(() => shouldBuild(linux, '//go:build linux\n//go:build amd64\n\npackage p\n')).toThrow(ConstraintError);
  });
});
