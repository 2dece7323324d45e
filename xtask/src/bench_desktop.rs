//! `cargo xtask bench-desktop` (also the last part of `cargo xtask bench`):
//! the release desktop app against a bare Tauri 2 hello-world window
//! (`benches/tauri-hello`), built the same way and measured in one run,
//! each launched [`RUNS`] times (or `JOBFORGE_BENCH_RUNS`, for a quick look)
//! under a private Xvfb, medians reported.
//!
//! * startup: from launch to the first painted frame showing the application
//!   list (Job Forge's `ui_ready`) or the page (hello world's `ready`); both
//!   print their page's marks and `jobforge-ready` on stdout when
//!   `JOBFORGE_BENCH_READY` is set. Job Forge runs as users
//!   run it by default: its database key in the OS keyring (a private GNOME
//!   Keyring on the benchmark's own session bus). A second line measures the
//!   passphrase store with `JOBFORGE_PASSPHRASE`, which adds Argon2id's
//!   deliberate cost to every start;
//! * idle memory: the sum of PSS (`/proc/<pid>/smaps_rollup`) over the
//!   process tree (the app and its WebKit processes, found through the
//!   parent links in `/proc/*/stat`), [`IDLE_BEFORE_MEMORY`] after ready;
//! * idle CPU: utime + stime of the tree over [`CPU_WINDOW`], as a
//!   percentage of one core;
//! * the size of the release `jobforge-desktop` binary.
//!
//! A missed goal is reported as MISSED; only something that fails to build
//! or run is an error.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::setup::{self, Result, cargo, run, say};

const RUNS: usize = 9;

/// [`RUNS`], or fewer or more with `JOBFORGE_BENCH_RUNS`.
fn runs() -> usize {
    std::env::var("JOBFORGE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(RUNS)
}
const IDLE_BEFORE_MEMORY: Duration = Duration::from_secs(5);
const CPU_WINDOW: Duration = Duration::from_secs(10);
const READY_TIMEOUT: Duration = Duration::from_secs(60);
const EXIT_TIMEOUT: Duration = Duration::from_secs(10);
const READY_LINE: &str = "jobforge-ready";
const PASSPHRASE: &str = "bench passphrase";

/// Goals: Job Forge against hello world, and absolute ones.
const STARTUP_RATIO_GOAL: f64 = 1.2;
const MEMORY_RATIO_GOAL: f64 = 1.3;
const CPU_PERCENT_GOAL: f64 = 1.0;
const SIZE_GOAL_BYTES: u64 = 20_000_000;

pub fn run_bench() -> Result {
    // Installed first: on a fresh machine the check below must not refuse
    // what `apt_packages` would have installed.
    setup::apt_packages()?;
    if !setup::succeeds_quietly(Command::new("gnome-keyring-daemon").arg("--version")) {
        return Err(
            "the desktop benchmark needs gnome-keyring-daemon (apt package gnome-keyring)".into(),
        );
    }
    crate::tasks::build_ui()?;
    say("desktop benchmark: building Job Forge, its CLI and the Tauri hello world (release)");
    for package in ["jobforge-desktop", "jobforge-cli", "tauri-hello"] {
        run(cargo().args(["build", "-p", package, "--release"]))?;
    }
    let release = setup::target_dir().join("release");
    let apps = Apps {
        desktop: release.join("jobforge-desktop"),
        hello: release.join("tauri-hello"),
        cli: release.join("jobforge"),
    };
    let scratch =
        std::env::temp_dir().join(format!("jobforge-bench-desktop-{}", std::process::id()));
    let measured = measure_all(&scratch, &apps);
    let _ = std::fs::remove_dir_all(&scratch);
    let measured = measured?;
    let size = file_size(&apps.desktop)?;
    let hello_size = file_size(&apps.hello)?;
    print_table(&measured, size, hello_size);
    Ok(())
}

struct Apps {
    desktop: PathBuf,
    hello: PathBuf,
    cli: PathBuf,
}

/// Every launch, measured.
#[derive(Default)]
struct Measured {
    jobforge: Vec<Sample>,
    jobforge_passphrase: Vec<Sample>,
    hello: Vec<Sample>,
}

/// One launch, measured.
struct Sample {
    startup: Duration,
    pss_kib: u64,
    cpu_percent: f64,
    /// The page's start-up marks, from launch.
    boot: Option<BootPhases>,
}

/// When a window reached each start-up step, in milliseconds from launch,
/// from its `jobforge-boot` line (the page's `performance.now()`
/// marks, placed on the launch's clock through the page's time origin).
#[derive(Clone, Copy)]
struct BootPhases {
    page: f64,
    script: Option<f64>,
    interface: Option<f64>,
    workspace: Option<f64>,
    rendered: Option<f64>,
    painted: Option<f64>,
}

impl BootPhases {
    /// Reads `jobforge-boot origin=… script=… …` (see the shell's
    /// `ui_ready`); `None` for any other line or one without an origin.
    fn parse(line: &str, launched_unix_ms: f64) -> Option<Self> {
        let fields = line.strip_prefix("jobforge-boot ")?;
        let value = |name: &str| {
            fields
                .split_whitespace()
                .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
                .and_then(|v| v.parse::<f64>().ok())
        };
        let page = value("origin")? - launched_unix_ms;
        let from_launch = |name: &str| value(name).map(|m| page + m);
        Some(Self {
            page,
            script: from_launch("script"),
            interface: from_launch("interface"),
            workspace: from_launch("workspace"),
            rendered: from_launch("rendered"),
            painted: from_launch("painted"),
        })
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Which {
    /// The default: the database key in the keyring.
    JobForge,
    /// The passphrase store, the passphrase given in the environment.
    JobForgePassphrase,
    Hello,
}

impl Which {
    const ALL: [Which; 3] = [Which::Hello, Which::JobForge, Which::JobForgePassphrase];

    fn name(self) -> &'static str {
        match self {
            Which::JobForge => "Job Forge",
            Which::JobForgePassphrase => "Job Forge (passphrase)",
            Which::Hello => "hello world",
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Which::JobForge => "jobforge",
            Which::JobForgePassphrase => "jobforge-passphrase",
            Which::Hello => "hello",
        }
    }
}

/// Everything both apps are launched with.
struct Bench<'a> {
    apps: &'a Apps,
    scratch: &'a Path,
    keyring_data: PathBuf,
    passphrase_data: PathBuf,
    display: String,
    bus: String,
    ticks_per_second: f64,
}

fn measure_all(scratch: &Path, apps: &Apps) -> Result<Measured> {
    std::fs::create_dir_all(scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let xvfb = Daemon::start(
        Command::new("Xvfb").args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x900x24",
            "-nolisten",
            "tcp",
        ]),
        "Xvfb",
    )?;
    // A private session bus: the single-instance plugin must not find (and
    // hand over to) a Job Forge the user has open.
    let bus = Daemon::start(
        Command::new("dbus-daemon").args(["--session", "--nofork", "--print-address=1"]),
        "dbus-daemon",
    )?;
    let keyring = start_keyring(&bus.first_line, scratch)?;
    let keyring_data = scratch.join("data-keyring");
    let passphrase_data = scratch.join("data-passphrase");
    say("preparing sample data: one workspace keyed from the keyring, one from a passphrase");
    for (data_dir, store) in [(&keyring_data, "keyring"), (&passphrase_data, "passphrase")] {
        for args in [["init"], ["sample"]] {
            run(Command::new(&apps.cli)
                .args(args)
                .env("JOBFORGE_DATA_DIR", data_dir)
                .env("JOBFORGE_KEY_STORE", store)
                .env("JOBFORGE_PASSPHRASE", PASSPHRASE)
                .env("DBUS_SESSION_BUS_ADDRESS", &bus.first_line)
                .env_remove("JOBFORGE_KEYRING_SERVICE")
                .stdout(Stdio::null()))?;
        }
    }
    let bench = Bench {
        apps,
        scratch,
        keyring_data,
        passphrase_data,
        display: format!(":{}", xvfb.first_line),
        bus: bus.first_line.clone(),
        ticks_per_second: ticks_per_second(),
    };
    say(&format!(
        "private display {}; {} runs of each app, alternating, after one warm-up launch each",
        bench.display,
        runs()
    ));
    for which in Which::ALL {
        let mut app = bench.launch(which, 0)?;
        app.wait_ready()?;
        app.terminate();
    }
    let mut measured = Measured::default();
    for run in 1..=runs() {
        for which in Which::ALL {
            let sample = bench.measure(which, run)?;
            match which {
                Which::JobForge => measured.jobforge.push(sample),
                Which::JobForgePassphrase => measured.jobforge_passphrase.push(sample),
                Which::Hello => measured.hello.push(sample),
            }
        }
    }
    drop(keyring);
    drop(bus);
    drop(xvfb);
    Ok(measured)
}

impl Bench<'_> {
    fn launch(&self, which: Which, run: usize) -> Result<Launched> {
        let tag = which.tag();
        let binary = match which {
            Which::JobForge | Which::JobForgePassphrase => &self.apps.desktop,
            Which::Hello => &self.apps.hello,
        };
        let home = self.scratch.join(format!("home-{tag}"));
        let log = self.scratch.join(format!("{tag}-{run}.log"));
        let log_file = std::fs::File::create(&log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let mut command = Command::new(binary);
        command
            .env("DISPLAY", &self.display)
            .env("GDK_BACKEND", "x11")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("JOBFORGE_BENCH_READY", "1")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file);
        match which {
            Which::JobForge => {
                command
                    .env("JOBFORGE_DATA_DIR", &self.keyring_data)
                    .env("JOBFORGE_KEY_STORE", "keyring")
                    .env_remove("JOBFORGE_PASSPHRASE");
            }
            Which::JobForgePassphrase => {
                command
                    .env("JOBFORGE_DATA_DIR", &self.passphrase_data)
                    .env("JOBFORGE_KEY_STORE", "passphrase")
                    .env("JOBFORGE_PASSPHRASE", PASSPHRASE);
            }
            Which::Hello => {}
        }
        let started = Instant::now();
        let launched_unix_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| format!("no stdout from {}", binary.display()))?;
        let (tx, ready) = mpsc::channel();
        std::thread::spawn(move || {
            // Keeps reading to the end, so the pipe never fills.
            let mut boot = None;
            for line in BufReader::new(stdout)
                .lines()
                .map_while(std::io::Result::ok)
            {
                let line = line.trim();
                if line == READY_LINE {
                    let _ = tx.send((Instant::now(), boot.take()));
                } else if let Some(phases) = BootPhases::parse(line, launched_unix_ms) {
                    boot = Some(phases);
                }
            }
        });
        Ok(Launched {
            which,
            child,
            started,
            ready,
            log,
        })
    }

    fn measure(&self, which: Which, run: usize) -> Result<Sample> {
        let mut app = self.launch(which, run)?;
        let result = self.measure_launched(&mut app);
        app.terminate();
        let sample = result?;
        say(&format!(
            "{} run {run}: ready in {:.3} s, idle PSS {:.1} MB, idle CPU {:.2} %",
            which.name(),
            sample.startup.as_secs_f64(),
            mb(sample.pss_kib * 1024),
            sample.cpu_percent
        ));
        Ok(sample)
    }

    fn measure_launched(&self, app: &mut Launched) -> Result<Sample> {
        let (startup, boot) = app.wait_ready()?;
        let root = app.child.id();
        std::thread::sleep(IDLE_BEFORE_MEMORY);
        let table = processes();
        let tree = tree_of(root, &table);
        let mut pss_kib = 0;
        let mut names = Vec::new();
        for pid in &tree {
            pss_kib += pss_kib_of(*pid)?;
            if let Some(process) = table.get(pid) {
                names.push(process.name.clone());
            }
        }
        if !names.iter().any(|n| n.starts_with("WebKitWebProce")) {
            return Err(format!(
                "{}: no WebKitWebProcess in the process tree ({})",
                app.which.name(),
                names.join(", ")
            ));
        }
        let before = tree_ticks(root);
        let window_start = Instant::now();
        std::thread::sleep(CPU_WINDOW);
        let after = tree_ticks(root);
        let elapsed = window_start.elapsed().as_secs_f64();
        let used: u64 = after
            .iter()
            .map(|(pid, ticks)| ticks.saturating_sub(before.get(pid).copied().unwrap_or(0)))
            .sum();
        let cpu_percent = used as f64 / self.ticks_per_second / elapsed * 100.0;
        Ok(Sample {
            startup,
            pss_kib,
            cpu_percent,
            boot,
        })
    }
}

/// A launched app, until [`Launched::terminate`].
struct Launched {
    which: Which,
    child: Child,
    started: Instant,
    ready: mpsc::Receiver<(Instant, Option<BootPhases>)>,
    log: PathBuf,
}

impl Launched {
    /// Time from launch to the ready line, and the marks printed before it.
    fn wait_ready(&mut self) -> Result<(Duration, Option<BootPhases>)> {
        match self.ready.recv_timeout(READY_TIMEOUT) {
            Ok((at, boot)) => Ok((at.duration_since(self.started), boot)),
            Err(error) => {
                let why = match error {
                    mpsc::RecvTimeoutError::Timeout => {
                        format!("not ready after {} s", READY_TIMEOUT.as_secs())
                    }
                    mpsc::RecvTimeoutError::Disconnected => {
                        let status = self.child.wait().map(|s| s.to_string());
                        format!("closed its output before it was ready ({status:?})")
                    }
                };
                let log = std::fs::read_to_string(&self.log).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(10).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                Err(format!(
                    "{} {why}; its last log lines:\n{}",
                    self.which.name(),
                    tail.join("\n")
                ))
            }
        }
    }

    /// SIGTERM, then waits for the app and every process of its tree
    /// (the WebKit children) to go; SIGKILL for what stays.
    fn terminate(mut self) {
        let root = self.child.id();
        let tree = tree_of(root, &processes());
        signal("TERM", root);
        let deadline = Instant::now() + EXIT_TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() >= deadline => {
                    say(&format!(
                        "{} ignored SIGTERM; killing it",
                        self.which.name()
                    ));
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        let deadline = Instant::now() + EXIT_TIMEOUT;
        loop {
            let left: Vec<u32> = tree.iter().copied().filter(|p| is_alive(*p)).collect();
            if left.is_empty() {
                break;
            }
            if Instant::now() >= deadline {
                say(&format!(
                    "{}: {} child process(es) outlived it; killing them",
                    self.which.name(),
                    left.len()
                ));
                for pid in left {
                    signal("KILL", pid);
                }
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A helper process that prints one line when it is ready (Xvfb's display
/// number, dbus-daemon's address), stopped on drop.
struct Daemon {
    child: Child,
    first_line: String,
}

impl Daemon {
    fn start(command: &mut Command, name: &str) -> Result<Self> {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {name}: {e}"))?;
        let mut line = String::new();
        let read = match child.stdout.take() {
            Some(stdout) => BufReader::new(stdout).read_line(&mut line).ok(),
            None => None,
        };
        let first_line = line.trim().to_owned();
        if read.unwrap_or(0) == 0 || first_line.is_empty() {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{name} did not start"));
        }
        Ok(Self { child, first_line })
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        signal("TERM", self.child.id());
        let _ = self.child.wait();
    }
}

/// An unlocked GNOME Keyring on the benchmark's session bus, its files in
/// the scratch directory, so the user's own keyring is never touched.
fn start_keyring(bus: &str, scratch: &Path) -> Result<Daemon> {
    let home = scratch.join("keyring-home");
    let runtime = scratch.join("keyring-runtime");
    for dir in [
        home.join(".cache"),
        home.join(".local/share"),
        runtime.clone(),
    ] {
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| format!("cannot restrict {}: {e}", runtime.display()))?;
    let mut child = Command::new("gnome-keyring-daemon")
        .args(["--foreground", "--unlock", "--components=secrets"])
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_RUNTIME_DIR", &runtime)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start gnome-keyring-daemon: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write as _;
        // The password of this throwaway keyring; closing stdin ends it.
        let _ = stdin.write_all(b"jobforge-bench");
    }
    let daemon = Daemon {
        child,
        first_line: String::new(),
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let answer = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .output();
        if let Ok(output) = answer
            && String::from_utf8_lossy(&output.stdout).contains("boolean true")
        {
            return Ok(daemon);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err("GNOME Keyring did not come up on the benchmark's session bus within 10 s".into())
}

fn signal(name: &str, pid: u32) {
    let _ = Command::new("kill")
        .args([format!("-{name}"), pid.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// A line of `/proc/<pid>/stat`.
struct Process {
    name: String,
    parent: u32,
    zombie: bool,
    ticks: u64,
}

fn read_process(pid: u32) -> Option<Process> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The name is in parentheses and may hold spaces or parentheses itself.
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat.get(open + 1..close)?.to_owned();
    let fields: Vec<&str> = stat.get(close + 1..)?.split_whitespace().collect();
    // After the name: state (field 3), ppid (4), ..., utime (14), stime (15).
    let field = |n: usize| fields.get(n - 3).copied();
    Some(Process {
        name,
        zombie: field(3)? == "Z",
        parent: field(4)?.parse().ok()?,
        ticks: field(14)?.parse::<u64>().ok()? + field(15)?.parse::<u64>().ok()?,
    })
}

fn processes() -> HashMap<u32, Process> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return HashMap::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, read_process(pid)?)))
        .collect()
}

/// `root` and all its descendants.
fn tree_of(root: u32, table: &HashMap<u32, Process>) -> Vec<u32> {
    let mut tree = vec![root];
    let mut next = 0;
    while next < tree.len() {
        let parent = tree[next];
        let mut children: Vec<u32> = table
            .iter()
            .filter(|(_, p)| p.parent == parent)
            .map(|(pid, _)| *pid)
            .collect();
        children.sort_unstable();
        tree.extend(children);
        next += 1;
    }
    tree
}

fn tree_ticks(root: u32) -> HashMap<u32, u64> {
    let table = processes();
    tree_of(root, &table)
        .into_iter()
        .filter_map(|pid| Some((pid, table.get(&pid)?.ticks)))
        .collect()
}

fn is_alive(pid: u32) -> bool {
    read_process(pid).is_some_and(|p| !p.zombie)
}

fn pss_kib_of(pid: u32) -> Result<u64> {
    let path = format!("/proc/{pid}/smaps_rollup");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    text.lines()
        .find_map(|line| {
            let rest = line.strip_prefix("Pss:")?;
            rest.trim().trim_end_matches("kB").trim().parse().ok()
        })
        .ok_or_else(|| format!("no Pss line in {path}"))
}

/// Clock ticks per second for `/proc/<pid>/stat` times.
fn ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        })
        .filter(|t| *t > 0.0)
        .unwrap_or(100.0)
}

fn file_size(path: &Path) -> Result<u64> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Where start-up time goes: the median of each step, from launch, for
/// both apps (information; the goal is the row above).
fn print_boot_phases(jobforge: &[Sample], hello: &[Sample]) {
    type Step = fn(&BootPhases) -> Option<f64>;
    let steps: [(&str, Step); 6] = [
        ("page created (time origin)", |p| Some(p.page)),
        ("page script runs", |p| p.script),
        ("wasm compiled, interface starts", |p| p.interface),
        ("workspace state reaches it", |p| p.workspace),
        ("list in the page", |p| p.rendered),
        ("first frame with it painted", |p| p.painted),
    ];
    let median_of = |samples: &[Sample], step: Step| {
        let values: Vec<f64> = samples
            .iter()
            .filter_map(|s| s.boot.as_ref())
            .filter_map(step)
            .collect();
        (!values.is_empty()).then(|| format!("+{:.0} ms", median(values)))
    };
    for (label, step) in steps {
        let (jf, hw) = (median_of(jobforge, step), median_of(hello, step));
        if jf.is_none() && hw.is_none() {
            continue;
        }
        let dash = || "-".to_owned();
        println!(
            "{:<40} {:>11} {:>12}",
            format!("  {label}"),
            jf.unwrap_or_else(dash),
            hw.unwrap_or_else(dash)
        );
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Decimal megabytes.
fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

fn print_table(measured: &Measured, size: u64, hello_size: u64) {
    let (jobforge, hello) = (&measured.jobforge, &measured.hello);
    let startup = |s: &[Sample]| median(s.iter().map(|s| s.startup.as_secs_f64()).collect());
    let memory = |s: &[Sample]| median(s.iter().map(|s| mb(s.pss_kib * 1024)).collect());
    let cpu = |s: &[Sample]| median(s.iter().map(|s| s.cpu_percent).collect());
    let (jf_start, hw_start) = (startup(jobforge), startup(hello));
    let (jf_mem, hw_mem) = (memory(jobforge), memory(hello));
    let (jf_cpu, hw_cpu) = (cpu(jobforge), cpu(hello));
    let start_ratio = jf_start / hw_start;
    let mem_ratio = jf_mem / hw_mem;
    println!();
    println!(
        "Desktop benchmark: release builds, private Xvfb 1280x900, medians of {} runs (MB = 10^6 bytes)",
        runs()
    );
    println!(
        "{:<40} {:>11} {:>12} {:>7}  {:<10} verdict",
        "measure", "Job Forge", "hello world", "ratio", "goal"
    );
    let row = |label: &str, jf: String, hw: String, ratio: String, goal: &str, met: bool| {
        println!(
            "{label:<40} {jf:>11} {hw:>12} {ratio:>7}  {goal:<10} {}",
            verdict(met)
        );
    };
    row(
        "launch -> first list / page painted",
        format!("{jf_start:.3} s"),
        format!("{hw_start:.3} s"),
        format!("{start_ratio:.2}x"),
        "<= 1.2x",
        start_ratio <= STARTUP_RATIO_GOAL,
    );
    let pass_start = startup(&measured.jobforge_passphrase);
    println!(
        "{:<40} {:>11} {:>12} {:>7}  {:<10} (information: Argon2id on every start)",
        "  the same, passphrase store",
        format!("{pass_start:.3} s"),
        format!("{hw_start:.3} s"),
        format!("{:.2}x", pass_start / hw_start),
        "-"
    );
    print_boot_phases(jobforge, hello);
    row(
        "idle memory, PSS of tree after 5 s",
        format!("{jf_mem:.1} MB"),
        format!("{hw_mem:.1} MB"),
        format!("{mem_ratio:.2}x"),
        "<= 1.3x",
        mem_ratio <= MEMORY_RATIO_GOAL,
    );
    row(
        "idle CPU of tree over 10 s (one core)",
        format!("{jf_cpu:.2} %"),
        format!("{hw_cpu:.2} %"),
        "-".to_owned(),
        "< 1 %",
        jf_cpu < CPU_PERCENT_GOAL,
    );
    row(
        "release binary size",
        format!("{:.1} MB", mb(size)),
        format!("{:.1} MB", mb(hello_size)),
        "-".to_owned(),
        "<= 20 MB",
        size <= SIZE_GOAL_BYTES,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boot_marks_are_placed_on_the_launch_clock_and_untimed_steps_stay_unknown() {
        let line = "jobforge-boot origin=1000400 script=250 interface=600 workspace=- \
                    rendered=700 painted=720";
        let phases = BootPhases::parse(line, 1_000_000.0).expect("a boot line");
        assert_eq!(phases.page, 400.0);
        assert_eq!(phases.script, Some(650.0));
        assert_eq!(phases.interface, Some(1000.0));
        assert_eq!(phases.workspace, None);
        assert_eq!(phases.rendered, Some(1100.0));
        assert_eq!(phases.painted, Some(1120.0));
        assert!(BootPhases::parse(READY_LINE, 0.0).is_none());
        assert!(BootPhases::parse("jobforge-boot script=1", 0.0).is_none());
    }
}
