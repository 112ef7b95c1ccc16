//! An ordered parallel stream: Python submits documents, worker threads analyze them without
//! the GIL, and results come back in submission order.
//!
//! Memory is bounded by the caller: `grip.analyze_many` keeps at most a window of documents in
//! flight (submitted, not yet taken), and the job queue itself is bounded, so a producer that
//! runs ahead blocks (without the GIL) instead of buffering the whole input.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use grip_analysis::{AnalysisConfig, Engine};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use crate::input::{analyze_to_json, input, Fields, Input};

/// The result of one document: the JSON contract, or the panic message of a bug.
type Outcome = Result<String, String>;

/// A stream of documents analyzed on worker threads, results in submission order.
///
/// Made by `Engine.stream(threads)`; used by `grip.analyze_many`.
#[pyclass(module = "grip._grip", frozen)]
pub struct Stream {
    state: Mutex<State>,
    cancelled: Arc<AtomicBool>,
}

struct State {
    /// `None` once closed.
    jobs: Option<SyncSender<(u64, Input)>>,
    results: Receiver<(u64, Outcome)>,
    /// Results that arrived before their turn.
    early: BTreeMap<u64, Outcome>,
    next_submitted: u64,
    next_taken: u64,
    workers: Vec<JoinHandle<()>>,
}

impl Stream {
    /// Starts `threads` workers sharing `engine`.
    pub(crate) fn start(engine: Arc<Engine>, threads: usize, tokens: bool) -> PyResult<Stream> {
        if threads == 0 {
            return Err(PyValueError::new_err("threads must be at least 1"));
        }
        let config = Arc::new(AnalysisConfig { fallback_date: crate::input::today() });
        let (jobs, job_queue) = mpsc::sync_channel::<(u64, Input)>(threads * 2);
        let job_queue = Arc::new(Mutex::new(job_queue));
        let (results_sender, results) = mpsc::channel::<(u64, Outcome)>();
        let cancelled = Arc::new(AtomicBool::new(false));
        let mut workers = Vec::with_capacity(threads);
        for worker_idx in 0..threads {
            let engine = Arc::clone(&engine);
            let config = Arc::clone(&config);
            let job_queue = Arc::clone(&job_queue);
            let results_sender = results_sender.clone();
            let cancelled = Arc::clone(&cancelled);
            let worker = std::thread::Builder::new()
                .name(format!("grip-analyze-{worker_idx}"))
                .spawn(move || loop {
                    let job = job_queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok((seq, input)) = job else {
                        return;
                    };
                    if cancelled.load(Ordering::Relaxed) {
                        return;
                    }
                    let outcome = catch_unwind(AssertUnwindSafe(|| analyze_to_json(&engine, input, &config, tokens)))
                        .map_err(|panic| panic_message(panic.as_ref()));
                    if results_sender.send((seq, outcome)).is_err() {
                        return;
                    }
                })
                .map_err(|error| PyRuntimeError::new_err(format!("starting an analysis thread: {error}")))?;
            workers.push(worker);
        }
        let state =
            State { jobs: Some(jobs), results, early: BTreeMap::new(), next_submitted: 0, next_taken: 0, workers };
        Ok(Stream { state: Mutex::new(state), cancelled })
    }
}

#[pymethods]
impl Stream {
    /// Queues one document (blocks, without the GIL, while the job queue is full).
    #[pyo3(signature = (text, id, date=None, title=None, url=None, default_date=None))]
    #[allow(clippy::too_many_arguments)] // A Python signature: keyword arguments.
    fn submit(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        id: String,
        date: Option<String>,
        title: Option<String>,
        url: Option<String>,
        default_date: Option<String>,
    ) -> PyResult<()> {
        let input = input(text, Fields { id, date, title, url, default_date })?;
        // The lock is taken without the GIL, so a thread waiting for it never holds the GIL
        // that the lock holder needs.
        py.detach(|| {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            let seq = state.next_submitted;
            let Some(jobs) = &state.jobs else {
                return Err("the stream is closed");
            };
            jobs.send((seq, input)).map_err(|_| "the analysis threads stopped")?;
            state.next_submitted += 1;
            Ok(())
        })
        .map_err(PyRuntimeError::new_err)
    }

    /// The JSON contract of the next document in submission order (waits without the GIL).
    ///
    /// Raises `RuntimeError` when nothing is pending or analysis hit a bug.
    fn next(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if state.next_taken == state.next_submitted {
                return Err("no document is pending".to_owned());
            }
            let wanted = state.next_taken;
            let outcome = loop {
                if let Some(outcome) = state.early.remove(&wanted) {
                    break outcome;
                }
                match state.results.recv() {
                    Ok((seq, outcome)) if seq == wanted => break outcome,
                    Ok((seq, outcome)) => {
                        state.early.insert(seq, outcome);
                    }
                    Err(_) => return Err("the analysis threads stopped".to_owned()),
                }
            };
            state.next_taken += 1;
            outcome.map_err(|message| format!("grip analysis failed (a bug; please report it): {message}"))
        })
        .map_err(PyRuntimeError::new_err)
    }

    /// Documents submitted and not yet taken.
    #[getter]
    fn pending(&self, py: Python<'_>) -> u64 {
        py.detach(|| {
            let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            state.next_submitted - state.next_taken
        })
    }

    /// Stops the workers: queued documents are dropped, running ones finish. Idempotent.
    fn close(&self, py: Python<'_>) {
        self.cancelled.store(true, Ordering::Relaxed);
        py.detach(|| {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            state.jobs = None;
            let workers = std::mem::take(&mut state.workers);
            // Drain results so that no worker blocks on a full channel (the channel is
            // unbounded, but this also frees the memory now).
            while state.results.try_recv().is_ok() {}
            state.early.clear();
            drop(state);
            for worker in workers {
                // A worker that panicked outside analysis has nothing left to report.
                let _ = worker.join();
            }
        });
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        // Dropping the job sender lets idle workers exit; busy ones finish their document,
        // see the flag and exit. Nothing is joined here: a destructor must not block.
        self.cancelled.store(true, Ordering::Relaxed);
        let state = self.state.get_mut().unwrap_or_else(PoisonError::into_inner);
        state.jobs = None;
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = panic.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = panic.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic without a message".to_owned()
    }
}
