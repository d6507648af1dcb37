//! The progress bar of `gazet extract` on stderr.

use indicatif::{
    HumanCount, ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressState, ProgressStyle,
};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// How long a run goes before its progress bar is drawn.
const PROGRESS_DELAY: Duration = Duration::from_secs(1);

/// The progress bar on stderr: articles done, MB/s and, when the size of
/// the inputs is known, an ETA. Hidden unless enabled, and drawn only once
/// the run has lasted [`PROGRESS_DELAY`], so short runs print nothing.
pub struct Progress {
    bar: ProgressBar,
    /// Dropping it stops the timer that draws the bar.
    timer: Option<(mpsc::Sender<()>, std::thread::JoinHandle<()>)>,
    /// Articles done: the bar's `{articles}`.
    articles: Arc<AtomicU64>,
}

impl Progress {
    pub fn new(enabled: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
            .with_finish(ProgressFinish::AndClear);
        let articles = Arc::new(AtomicU64::new(0));
        Progress::style(&bar, &articles, false);
        let mut timer = None;
        if enabled {
            let (stop, stopped) = mpsc::channel::<()>();
            let shown = bar.clone();
            let handle = std::thread::Builder::new()
                .name("gazet-progress".into())
                .spawn(move || {
                    if stopped.recv_timeout(PROGRESS_DELAY) == Err(mpsc::RecvTimeoutError::Timeout)
                    {
                        shown.set_draw_target(ProgressDrawTarget::stderr());
                        shown.enable_steady_tick(Duration::from_millis(100));
                    }
                })
                .ok();
            timer = handle.map(|h| (stop, h));
        }
        Progress { bar, timer, articles }
    }

    /// With the size known: a bar and an ETA; else bytes read and time.
    pub fn style(bar: &ProgressBar, articles: &Arc<AtomicU64>, sized: bool) {
        let template = if sized {
            "{spinner} {articles} articles [{wide_bar}] {percent:>3}%  \
             {decimal_bytes_per_sec}  ETA {eta}{msg}"
        } else {
            "{spinner} {articles} articles  {decimal_bytes}  {decimal_bytes_per_sec}  \
             {elapsed}{msg}"
        };
        let articles = Arc::clone(articles);
        let style = ProgressStyle::with_template(template)
            .expect("a valid template")
            .with_key("articles", move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}", HumanCount(articles.load(Ordering::Relaxed)));
            })
            .progress_chars("=> ");
        bar.set_style(style);
    }

    /// The size of the inputs, when known (not for standard input).
    pub fn set_total(&self, total: Option<u64>) {
        if let Some(total) = total {
            self.bar.set_length(total);
            Progress::style(&self.bar, &self.articles, true);
        }
    }

    /// `articles` more are done, and `bytes` of input read in all.
    pub fn advance(&self, articles: usize, bytes: u64) {
        self.articles.fetch_add(articles as u64, Ordering::Relaxed);
        self.bar.set_position(bytes);
    }

    /// Says what the run is doing after the articles.
    pub fn note(&self, what: &str) {
        self.bar.set_message(format!("  {what}"));
    }

    /// Runs `f` (which prints to stderr) with the bar out of its way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Clears the bar, if it was drawn.
    pub fn finish(&mut self) {
        if let Some((stop, handle)) = self.timer.take() {
            drop(stop);
            let _ = handle.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
