// The instrument generators without running Go programs: the testDeps table
// against the real Go sources, version/duration/go.mod parsing, generated
// text, the flush configuration formats, and the CLI's file handling
// (refusing to overwrite hand-written files, version detection fallbacks).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flushConfig } from '../src/instrument/flushConfig.js';
import { generateFlusher } from '../src/instrument/flusher.js';
import { parseGoMod } from '../src/instrument/goMod.js';
import { isGeneratedByGopherage } from '../src/instrument/goSource.js';
import { parseGoVersion } from '../src/instrument/goVersion.js';
import { isPositiveGoDuration, parseGoDuration } from '../src/instrument/duration.js';
import { generateRuntimePackage } from '../src/instrument/runtimePackage.js';
import { generateTestMain } from '../src/instrument/testMain.js';
import { testDepsPlan, type TestDepsPlan } from '../src/instrument/testDeps.js';
import { OptionError, UsageError } from '../src/profile/errors.js';
import { goOrSkip, run, runCli, tempDir, GO_TEST_CACHE } from './helpers.js';

const plan = (minor: number): TestDepsPlan => testDepsPlan({ major: 1, minor })!;

/** `Name(sig)` lines of `type testDeps interface { ... }` in a Go testing.go, `any` spelled `interface{}`. */
function realTestDeps(src: string): string[] {
  const body = /type testDeps interface \{\n([\s\S]*?)\n\}/.exec(src)![1]!;
  return body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('//'))
    .map((l) => l.replace(/\bany\b/g, 'interface{}'));
}

describe('testDeps table', () => {
  for (const version of ['1.19', '1.23'] as const) {
    const go = goOrSkip(version);
    it.skipIf(!go)(`matches testing.testDeps and MainStart of the real Go ${version} sources`, () => {
      const src = readFileSync(join(dirname(dirname(go!)), 'src', 'testing', 'testing.go'), 'utf8');
      const p = testDepsPlan(parseGoVersion(version)!)!;
      expect(p.methods.map((m) => `${m.name}${m.signature}`)).toEqual(realTestDeps(src));
      const mainStart = /func MainStart\(([^)]*)\)/.exec(src)![1]!;
      expect(mainStart.split(',').length).toBe(p.mainStartArgs);
      if (p.fuzzing) {
        const real = /type corpusEntry = struct \{([\s\S]*?)\}/.exec(readFileSync(join(dirname(dirname(go!)), 'src', 'testing', 'fuzz.go'), 'utf8'))![1]!;
        const ours = /type corpusEntry = struct \{([\s\S]*?)\n\}/.exec(generateRuntimePackage({ plan: p })[1]!.content)![1]!;
        const norm = (s: string) => s.replace(/\bany\b/g, 'interface{}').replace(/\s+/g, ' ').trim();
        expect(norm(ours)).toBe(norm(real));
      }
    });
  }

  it('follows the releases that changed the interface (1.16, 1.18, 1.23, 1.26)', () => {
    expect(testDepsPlan({ major: 1, minor: 15 })).toBeNull();
    const names = (minor: number) => plan(minor).methods.map((m) => m.name);
    expect(names(16)).toEqual(['ImportPath', 'MatchString', 'SetPanicOnExit0', 'StartCPUProfile', 'StopCPUProfile', 'StartTestLog', 'StopTestLog', 'WriteProfileTo']);
    expect(plan(17).mainStartArgs).toBe(4);
    expect(plan(17).fuzzing).toBe(false);
    expect(names(18).slice(8)).toEqual(['CoordinateFuzzing', 'RunFuzzWorker', 'ReadCorpus', 'CheckCorpus', 'ResetCoverage', 'SnapshotCoverage']);
    expect(plan(18).mainStartArgs).toBe(5);
    expect(names(22)).toEqual(names(18));
    expect(names(23)).toEqual([...names(22), 'InitRuntimeCoverage']);
    expect(names(25)).toEqual(names(23));
    expect(names(26)).toEqual([...names(25), 'ModulePath']);
    const future = plan(40);
    expect(future.future).toBe(true);
    expect(future.target).toEqual({ major: 1, minor: 26 });
    expect(future.methods.map((m) => m.name)).toEqual(names(26));
    expect(plan(26).future).toBe(false);
  });
});

describe('parsers', () => {
  it('parseGoVersion reads go env, go.mod and --go spellings', () => {
    expect(parseGoVersion('go1.23.5')).toEqual({ major: 1, minor: 23 });
    expect(parseGoVersion('go1.24rc1')).toEqual({ major: 1, minor: 24 });
    expect(parseGoVersion('1.21.0')).toEqual({ major: 1, minor: 21 });
    expect(parseGoVersion('1.19')).toEqual({ major: 1, minor: 19 });
    expect(parseGoVersion('devel go1.25-abcdef Tue Jan 1 2025')).toEqual({ major: 1, minor: 25 });
    expect(parseGoVersion('banana')).toBeNull();
    expect(parseGoVersion('2.0')).toBeNull();
    expect(parseGoVersion('11.2')).toBeNull();
  });

  it('parseGoDuration accepts what time.ParseDuration accepts', () => {
    expect(parseGoDuration('5s')).toBe(5e9);
    expect(parseGoDuration('1m30s')).toBe(90e9);
    expect(parseGoDuration('1.5h')).toBe(5400e9);
    expect(parseGoDuration('500ms')).toBe(5e8);
    expect(parseGoDuration('.5s')).toBe(5e8);
    expect(parseGoDuration('1.s')).toBe(1e9);
    expect(parseGoDuration('2µs')).toBe(2000);
    expect(parseGoDuration('2μs')).toBe(2000);
    expect(parseGoDuration('1h2m3s4ms5us6ns')).toBe(3723004005006);
    expect(parseGoDuration('-5s')).toBe(-5e9);
    expect(parseGoDuration('0')).toBe(0);
    for (const bad of ['', '5', 's', '.s', '5x', '5 s', '1d', '+', '3000000h']) expect(parseGoDuration(bad), bad).toBeNull();
    expect(isPositiveGoDuration('0s')).toBe(false);
    expect(isPositiveGoDuration('-1s')).toBe(false);
    expect(isPositiveGoDuration('1ns')).toBe(true);
  });

  it('parseGoMod reads module, go and toolchain', () => {
    expect(parseGoMod('// c\nmodule "example.com/x" // trailing\n\ngo 1.21\ntoolchain go1.22.3\nrequire (\n\tgo.x v1\n)\n')).toEqual({
      module: 'example.com/x',
      go: '1.21',
      toolchain: 'go1.22.3',
    });
    expect(parseGoMod('module k8s.io/kubernetes\r\n')).toEqual({ module: 'k8s.io/kubernetes', go: null, toolchain: null });
  });

  it('isGeneratedByGopherage recognises only our header before the package clause', () => {
    for (const f of [generateTestMain({ name: 'a', coverageImport: 'x.io/coverage' }), generateFlusher(), ...generateRuntimePackage({ plan: plan(23) })]) {
      expect(isGeneratedByGopherage(f.content), f.name).toBe(true);
      expect(f.content.startsWith('// Code generated by gopherage instrument ')).toBe(true);
      expect(f.content.split('\n')[0]).toMatch(/^\/\/ Code generated .* DO NOT EDIT\.$/); // Go's convention
    }
    expect(isGeneratedByGopherage('package main\n\nfunc main() {}\n')).toBe(false);
    expect(isGeneratedByGopherage('// Code generated by deepcopy-gen. DO NOT EDIT.\n\npackage x\n')).toBe(false);
    expect(isGeneratedByGopherage('package x\n\n// Code generated by gopherage instrument runtime — DO NOT EDIT.\n')).toBe(false);
  });
});

describe('generators', () => {
  it('testmain: InitCoverage(name); main(); FlushCoverage() behind the coverage build tag', () => {
    const f = generateTestMain({ name: 'kube-apiserver', coverageImport: 'k8s.io/kubernetes/pkg/util/coverage' });
    expect(f.name).toBe('zz_generated_kube_apiserver_test.go');
    expect(f.content).toContain('\n//go:build coverage\n\npackage main\n');
    expect(f.content).toContain('\t"k8s.io/kubernetes/pkg/util/coverage"\n');
    expect(f.content).toMatch(/func TestMain\(m \*testing\.M\) \{\n\tcoverage\.InitCoverage\("kube-apiserver"\)\n\tmain\(\)\n\tcoverage\.FlushCoverage\(\)\n\}\n$/);
    const aliased = generateTestMain({ name: 'x', coverageImport: 'example.com/m/internal/cov', coveragePackage: 'coverage' });
    expect(aliased.content).toContain('\tcoverage "example.com/m/internal/cov"\n');
  });

  it('runtime: env names, defaults and the version-specific MainStart call', () => {
    const [cov, deps, disabled] = generateRuntimePackage({ plan: plan(16), envPrefix: 'MY_COV', defaultFile: '/var/cov/{name}.cov', interval: '30s', flushOnSignal: true });
    expect(cov!.content).toContain('fileEnv              = "MY_COV_FILE"');
    expect(cov!.content).toContain('defaultFile          = "/var/cov/{name}.cov"');
    expect(cov!.content).toContain('defaultInterval      = "30s"');
    expect(cov!.content).toContain('defaultFlushOnSignal = true');
    expect(cov!.content).toContain('flag.CommandLine.Parse([]string{"-test.coverprofile", tempCoveragePath()})');
    expect(deps!.content).toContain('testing.MainStart(fakeTestDeps{}, nil, nil, nil)\n');
    expect(deps!.content).not.toContain('"reflect"');
    expect(deps!.content).not.toContain('corpusEntry');
    expect(disabled!.content).toContain('//go:build !coverage\n');
    const d23 = generateRuntimePackage({ plan: plan(23) })[1]!.content;
    expect(d23).toContain('testing.MainStart(fakeTestDeps{}, nil, nil, nil, nil)\n');
    expect(d23).toContain('const testDepsGoVersion = "1.23"');
    expect(d23).toMatch(/InitRuntimeCoverage\(\)[^\n]*\{\n\treturn "", nil, nil\n\}/);
  });

  it('rejects values that would make invalid or surprising Go', () => {
    expect(() => generateRuntimePackage({ plan: plan(23), packageName: 'func' })).toThrow(UsageError);
    expect(() => generateRuntimePackage({ plan: plan(23), packageName: 'main' })).toThrow(UsageError);
    expect(() => generateRuntimePackage({ plan: plan(23), envPrefix: 'A-B' })).toThrow(UsageError);
    expect(() => generateRuntimePackage({ plan: plan(23), interval: '0s' })).toThrow(/^interval: "0s" is not a positive Go duration/);
    expect(() => generateRuntimePackage({ plan: plan(23), defaultFile: '/tmp/a\nb' })).toThrow(UsageError);
    expect(generateRuntimePackage({ plan: plan(23), defaultFile: 'C:\\cov\\"{name}".cov' })[0]!.content).toContain('defaultFile          = "C:\\\\cov\\\\\\"{name}\\".cov"');
    expect(() => generateTestMain({ name: 'a b', coverageImport: 'x/y' })).toThrow(UsageError);
    expect(() => generateTestMain({ name: 'a', coverageImport: 'x y' })).toThrow(UsageError);
    expect(() => generateFlusher({ interval: 'soon' })).toThrow(UsageError);
  });

  it('names its own options in errors, never a CLI flag (the CLI words them with its flags)', () => {
    const cases: [() => unknown, string, string][] = [
      [() => generateRuntimePackage({ plan: plan(23), packageName: 'main' }), 'packageName', 'packageName: "main" is not a valid Go package name'],
      [() => generateRuntimePackage({ plan: plan(23), defaultFile: 'a\nb' }), 'defaultFile', 'defaultFile: control characters are not allowed in "a?b"'],
      [() => generateFlusher({ envPrefix: 'A-B' }), 'envPrefix', 'envPrefix: "A-B" is not a valid environment variable name prefix'],
      [() => flushConfig({ name: 'k', flusherEnvPrefix: '1x' }), 'flusherEnvPrefix', 'flusherEnvPrefix: "1x" is not a valid environment variable name prefix'],
      [() => flushConfig({ name: 'k', dir: '' }), 'dir', 'dir: must be a non-empty path without control characters'],
      [() => generateTestMain({ name: 'k', coverageImport: 'x y' }), 'coverageImport', 'coverageImport: "x y" is not a valid Go import path'],
    ];
    for (const [fn, option, message] of cases) {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(err, message).toBeInstanceOf(OptionError);
      expect((err as OptionError).option).toBe(option);
      expect((err as OptionError).message).toBe(message);
    }
  });

  it('the CLI words those errors with its flags (exit 2)', async () => {
    const dir = tempDir();
    const cases: [string[], string][] = [
      [['runtime', join(dir, 'r'), '--go', '1.23', '--package', 'main'], 'gopherage: --package: "main" is not a valid Go package name'],
      [['runtime', join(dir, 'r'), '--go', '1.23', '--default-file', 'a\x01b'], 'gopherage: --default-file: control characters are not allowed in "a?b"'],
      [['config', '--name', 'k', '--flusher-env-prefix', '1x'], 'gopherage: --flusher-env-prefix: "1x" is not a valid environment variable name prefix'],
      [['config', '--name', 'k', '--interval', '0'], 'gopherage: --interval: "0" is not a positive Go duration (e.g. 5s, 1m30s)'],
      [['config', '--name', 'k', '--endpoint', 'nope'], 'gopherage: --endpoint: "nope" is not host:port with a port in 1..65535 (e.g. :9999 or 127.0.0.1:9999)'],
    ];
    for (const [args, line] of cases) {
      const r = await runCli(['instrument', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')).toContain(line);
    }
  });

  const go123 = goOrSkip('1.23');
  it.skipIf(!go123)('every variant is gofmt-clean, and the 1.26 set (a superset of 1.23) compiles with Go 1.23', () => {
    const dir = tempDir('gopherage-gofmt-');
    const write = (sub: string, files: { name: string; content: string }[]) => {
      mkdirSync(join(dir, sub), { recursive: true });
      for (const f of files) writeFileSync(join(dir, sub, f.name), f.content);
    };
    for (const minor of [16, 18, 23, 26]) write(`v${minor}`, generateRuntimePackage({ plan: plan(minor), packageName: `v${minor}` }));
    write('cmd', [generateFlusher({ interval: '1m', flushOnSignal: true }), generateTestMain({ name: 'cmd', coverageImport: 'example.com/g/v26', coveragePackage: 'v26' })]);
    writeFileSync(join(dir, 'cmd', 'main.go'), 'package main\n\nfunc main() {}\n');
    writeFileSync(join(dir, 'go.mod'), 'module example.com/g\n\ngo 1.19\n');
    const env = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '', GOENV: 'off', CGO_ENABLED: '0', GOPATH: join(dir, 'gopath'), GOCACHE: GO_TEST_CACHE };
    expect(run(join(dirname(go123!), 'gofmt'), ['-l', dir], { env })).toBe('');
    run(go123!, ['vet', '-tags', 'coverage', './v26', './v23', './cmd'], { cwd: dir, env });
    run(go123!, ['vet', './v16', './v18', './cmd'], { cwd: dir, env }); // without the tag: only the !coverage files
  });
});

describe('flushConfig', () => {
  it('env (default): the shim settings, the GOCOVERDIR variant commented out', () => {
    expect(flushConfig({ name: 'kubelet' })).toBe(
      [
        '# coverage flush settings for kubelet: go test -c -tags coverage binary (gopherage instrument testmain/runtime)',
        'KUBE_COVERAGE_FILE=/tmp/k8s-kubelet.cov',
        'KUBE_COVERAGE_FLUSH_INTERVAL=5s',
        '# for a go build -cover -covermode=atomic binary (gopherage instrument flusher), use instead:',
        '# GOCOVERDIR=/tmp/k8s-kubelet-coverage',
        '# GOCOVERDIR_FLUSH_INTERVAL=5s',
        '',
      ].join('\n'),
    );
  });

  it('systemd drop-in, quoting and % specifiers', () => {
    expect(flushConfig({ name: 'kubelet', format: 'systemd', file: '/var/lib/cov/my {name} 100%.cov', interval: '10s', flushOnSignal: true })).toBe(
      [
        '# /etc/systemd/system/kubelet.service.d/coverage.conf',
        '# coverage flush settings for kubelet: go test -c -tags coverage binary (gopherage instrument testmain/runtime)',
        '# With PrivateTmp=yes the service sees its own /tmp: pick a path outside /tmp to collect it.',
        '[Service]',
        'Environment="KUBE_COVERAGE_FILE=/var/lib/cov/my kubelet 100%%.cov"',
        'Environment="KUBE_COVERAGE_FLUSH_INTERVAL=10s"',
        'Environment="KUBE_COVERAGE_FLUSH_ON_SIGNAL=true"',
        '# for a go build -cover -covermode=atomic binary (gopherage instrument flusher), use instead:',
        '#Environment="GOCOVERDIR=/tmp/k8s-kubelet-coverage"',
        '#Environment="GOCOVERDIR_FLUSH_INTERVAL=10s"',
        '#Environment="GOCOVERDIR_FLUSH_ON_SIGNAL=true"',
        '',
      ].join('\n'),
    );
  });

  it('Kubernetes env snippet, GOCOVERDIR variant active', () => {
    expect(flushConfig({ name: 'kube-proxy', format: 'k8s', variant: 'gocoverdir', dir: '/cov/$(NODE)/{name}', flushOnSignal: false })).toBe(
      [
        '# container env for kube-proxy: go build -cover -covermode=atomic binary (gopherage instrument flusher)',
        '# mount a volume (emptyDir or hostPath) over the directory of /cov/$(NODE)/kube-proxy',
        '# so that the coverage outlives the container.',
        'env:',
        '- name: GOCOVERDIR',
        '  value: "/cov/$$(NODE)/kube-proxy"',
        '- name: GOCOVERDIR_FLUSH_INTERVAL',
        '  value: "5s"',
        '- name: GOCOVERDIR_FLUSH_ON_SIGNAL',
        '  value: "false"',
        '# for a go test -c -tags coverage binary (gopherage instrument testmain/runtime), use instead:',
        '# - name: KUBE_COVERAGE_FILE',
        '#   value: "/tmp/k8s-kube-proxy.cov"',
        '# - name: KUBE_COVERAGE_FLUSH_INTERVAL',
        '#   value: "5s"',
        '# - name: KUBE_COVERAGE_FLUSH_ON_SIGNAL',
        '#   value: "false"',
        '',
      ].join('\n'),
    );
  });

  it('env values that need shell quoting are single-quoted', () => {
    expect(flushConfig({ name: 'a', file: "/tmp/it's here.cov" })).toContain(`KUBE_COVERAGE_FILE='/tmp/it'\\''s here.cov'\n`);
  });
});

describe('gopherage instrument (CLI)', () => {
  it('no subcommand: one gopherage: line and the usage line, exit 2; --help is full help', async () => {
    const none = await runCli(['instrument']);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe(
      'gopherage: instrument needs a subcommand: testmain, runtime, flusher or config\n' +
        'usage: gopherage instrument [options] [command]\n(run "gopherage instrument --help" for details)\n',
    );
    const bad = await runCli(['instrument', 'shim']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^gopherage: unknown command 'shim'\nusage: gopherage instrument /);
    const help = await runCli(['instrument', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: gopherage instrument \[options\] \[command\]\n[^]*testmain[^]*config/);
  });

  it('config prints to stdout or -o; bad values are usage errors', async () => {
    const r = await runCli(['instrument', 'config', '--name', 'kubelet', '--format', 'k8s', '--no-flush-on-signal']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(flushConfig({ name: 'kubelet', format: 'k8s', flushOnSignal: false }));
    const dir = tempDir();
    const o = await runCli(['instrument', 'config', '--name', 'kubelet', '-o', join(dir, 'env')]);
    expect(o.code).toBe(0);
    expect(readFileSync(join(dir, 'env'), 'utf8')).toBe(flushConfig({ name: 'kubelet' }));
    for (const args of [['--name', 'k', '--format', 'yaml'], ['--name', 'k', '--interval', '0'], [], ['--name', 'a/b']]) {
      const bad = await runCli(['instrument', 'config', ...args]);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(/^gopherage: /);
    }
  });

  it('runtime refuses to overwrite a hand-written file (writing nothing) unless --force', async () => {
    const dir = tempDir();
    const handWritten = join(dir, 'zz_generated_coverage_testdeps.go');
    writeFileSync(handWritten, 'package coverage\n// mine\n');
    const r = await runCli(['instrument', 'runtime', dir, '--go', '1.23']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`gopherage: ${handWritten} exists and was not generated by gopherage: refusing to overwrite it (use --force)`);
    expect(readFileSync(handWritten, 'utf8')).toBe('package coverage\n// mine\n');
    expect(existsSync(join(dir, 'zz_generated_coverage.go'))).toBe(false);
    const forced = await runCli(['instrument', 'runtime', dir, '--go', '1.23', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(isGeneratedByGopherage(readFileSync(handWritten, 'utf8'))).toBe(true);
    // Regenerating over our own files needs no --force.
    const again = await runCli(['instrument', 'runtime', dir, '--go', '1.19']);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(handWritten, 'utf8')).toContain('const testDepsGoVersion = "1.19"');
  });

  it('runtime: --go validation, future versions warn, detection falls back to go.mod without a go command', async () => {
    const dir = tempDir();
    expect((await runCli(['instrument', 'runtime', join(dir, 'a'), '--go', '1.15'])).stderr).toContain('older than the oldest supported target, Go 1.16');
    expect((await runCli(['instrument', 'runtime', join(dir, 'a'), '--go', 'banana'])).code).toBe(2);
    const future = await runCli(['instrument', 'runtime', join(dir, 'f'), '--go', '1.40']);
    expect(future.code).toBe(0);
    expect(future.stderr).toContain('gopherage: warning: Go 1.40 is newer than the newest known testDeps (Go 1.26)');
    expect(readFileSync(join(dir, 'f', 'zz_generated_coverage_testdeps.go'), 'utf8')).toContain('ModulePath() string');
    const noGo = { PATH: join(dir, 'no-such-bin') };
    expect((await runCli(['instrument', 'runtime', join(dir, 'nomod')], { env: noGo })).stderr).toContain('cannot tell the target Go version');
    writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.21\n');
    const fromGo = await runCli(['instrument', 'runtime', join(dir, 'c1')], { env: noGo });
    expect(fromGo.stderr).toContain('target Go 1.21 (no go command; go directive of');
    writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.21\ntoolchain go1.23.2\n');
    const fromToolchain = await runCli(['instrument', 'runtime', join(dir, 'c2')], { env: noGo });
    expect(fromToolchain.stderr).toContain('target Go 1.23 (no go command; toolchain directive of');
    expect(readFileSync(join(dir, 'c2', 'zz_generated_coverage_testdeps.go'), 'utf8')).toContain('InitRuntimeCoverage');
  });

  it('testmain derives the coverage import from go.mod, or needs --coverage-import', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'cmd', 'server'), { recursive: true });
    const none = await runCli(['instrument', 'testmain', join(dir, 'cmd', 'server')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('pass --coverage-import');
    writeFileSync(join(dir, 'go.mod'), 'module example.com/srv\n\ngo 1.22\n');
    const r = await runCli(['instrument', 'testmain', join(dir, 'cmd', 'server')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: ${join(dir, 'coverage')} does not exist yet`);
    const text = readFileSync(join(dir, 'cmd', 'server', 'zz_generated_server_test.go'), 'utf8');
    expect(text).toContain('\t"example.com/srv/coverage"\n');
    expect(text).toContain('coverage.InitCoverage("server")');
    const custom = await runCli(['instrument', 'testmain', join(dir, 'cmd', 'server'), '--name', 'srv', '--coverage-import', 'example.com/srv/internal/coverage']);
    expect(custom.code).toBe(0);
    expect(readFileSync(join(dir, 'cmd', 'server', 'zz_generated_srv_test.go'), 'utf8')).toContain('\t"example.com/srv/internal/coverage"\n');
    const missing = await runCli(['instrument', 'testmain', join(dir, 'nope')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no such file');
  });

  it('flusher writes one package main file and validates --interval', async () => {
    const dir = tempDir();
    const r = await runCli(['instrument', 'flusher', dir, '--interval', '30s']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'zz_generated_coverage_flusher.go'), 'utf8');
    expect(text).toContain('gopherageDefaultFlushInterval  = "30s"');
    expect(text).toContain('coverage.WriteCountersDir(dir)');
    expect(text).toContain('coverage.ClearCounters()');
    expect((await runCli(['instrument', 'flusher', dir, '--interval', '30'])).code).toBe(2);
  });
});

describe('coverage endpoint generation', () => {
  it('is part of every generated variant, off unless GOPHERAGE_COVERAGE_ADDR is set', () => {
    const files = generateRuntimePackage({ plan: plan(23) });
    expect(files.map((f) => f.name)).toEqual([
      'zz_generated_coverage.go',
      'zz_generated_coverage_testdeps.go',
      'zz_generated_coverage_disabled.go',
      'zz_generated_coverage_endpoint.go',
    ]);
    expect(files[0]!.content).toContain('endpointAddrEnv      = "GOPHERAGE_COVERAGE_ADDR"');
    expect(files[0]!.content).toContain('endpointTokenEnv     = "GOPHERAGE_COVERAGE_TOKEN"');
    expect(files[0]!.content).toContain('\tstartEndpoint(endpointAddrEnv, endpointTokenEnv, serveCoverage, serveReset)\n');
    const endpoint = files[3]!.content;
    expect(endpoint).toContain('\n//go:build coverage\n');
    expect(endpoint).toContain('mux.Handle("/coverage", endpointHandler(http.MethodGet, token, get))');
    expect(endpoint).toContain('mux.Handle("/coverage/reset", endpointHandler(http.MethodPost, token, reset))');
    const flusher = generateFlusher().content;
    expect(flusher).toContain('gopherageEndpointAddrEnv       = "GOPHERAGE_COVERAGE_ADDR"');
    expect(flusher).toContain('if os.Getenv(gopherageEndpointAddrEnv) == "" {\n\t\treturn\n\t}');
  });

  it('resets with ClearCounters from Go 1.20, with testing.cover before', () => {
    const modern = generateRuntimePackage({ plan: plan(23) })[3]!.content;
    expect(modern).toContain('\trtcoverage "runtime/coverage"\n');
    expect(modern).toContain('return rtcoverage.ClearCounters()');
    expect(modern).not.toContain('go:linkname');
    const legacy = generateRuntimePackage({ plan: plan(19) })[3]!.content;
    expect(legacy).toContain('//go:linkname testingCover testing.cover\nvar testingCover testing.Cover\n');
    expect(legacy).toContain('\t_ "unsafe" // for go:linkname\n');
    expect(legacy).not.toContain('runtime/coverage');
  });

  it('an explicit --env-prefix renames the endpoint variables like the others', () => {
    const cov = generateRuntimePackage({ plan: plan(23), envPrefix: 'MY_COV' })[0]!.content;
    expect(cov).toContain('endpointAddrEnv      = "MY_COV_ADDR"');
    expect(cov).toContain('endpointTokenEnv     = "MY_COV_TOKEN"');
    const flusher = generateFlusher({ envPrefix: 'SVC_COV' }).content;
    expect(flusher).toContain('gopherageFlushIntervalEnv      = "SVC_COV_FLUSH_INTERVAL"');
    expect(flusher).toContain('gopherageEndpointAddrEnv       = "SVC_COV_ADDR"');
    expect(flusher).toContain('gopherageEndpointTokenEnv      = "SVC_COV_TOKEN"');
  });

  it('the -cover flusher is built only by Go >= 1.20 (//go:build go1.20)', () => {
    expect(generateFlusher().content).toMatch(/^\/\/ Code generated [^\n]*\n\n\/\/go:build go1\.20\n\npackage main\n/);
  });
});

describe('flushConfig with --endpoint', () => {
  it('Kubernetes: the address, the token from a secret and a containerPort', () => {
    const text = flushConfig({ name: 'api', format: 'k8s', variant: 'gocoverdir', endpoint: ':9999' });
    expect(text).toContain('- name: GOPHERAGE_COVERAGE_ADDR\n  value: ":9999"\n# for a go test -c');
    expect(text.endsWith(
      [
        '# the endpoint starts only with a bearer token, from a secret made with e.g.',
        '#   kubectl create secret generic api-coverage-token --from-literal=token="$(openssl rand -hex 32)"',
        '- name: GOPHERAGE_COVERAGE_TOKEN',
        '  valueFrom:',
        '    secretKeyRef:',
        '      name: api-coverage-token',
        '      key: token',
        'ports:',
        '- name: coverage',
        '  containerPort: 9999',
        '  protocol: TCP',
        '',
      ].join('\n'),
    )).toBe(true);
  });

  it('loopback needs no token; env and systemd; renamed by an explicit prefix', () => {
    const env = flushConfig({ name: 'api', endpoint: '127.0.0.1:9999', envPrefix: 'API_COV' });
    expect(env).toContain('API_COV_ADDR=127.0.0.1:9999\n');
    expect(env).toContain('# GOPHERAGE_COVERAGE_ADDR=127.0.0.1:9999\n'); // the flusher's default names
    expect(env).toContain('no token needed');
    expect(env).not.toContain('TOKEN');
    const systemd = flushConfig({ name: 'api', endpoint: '[::]:9999', format: 'systemd' });
    expect(systemd).toContain('Environment="GOPHERAGE_COVERAGE_ADDR=[::]:9999"\n');
    expect(systemd).toContain('EnvironmentFile=-/etc/gopherage/api-coverage-token.env\n');
    expect(flushConfig({ name: 'api' })).not.toContain('ADDR');
    for (const bad of ['9999', 'host:0', 'host:70000', ':99 99'])
      expect(() => flushConfig({ name: 'api', endpoint: bad })).toThrow(/^endpoint: .* is not host:port/);
  });
});
