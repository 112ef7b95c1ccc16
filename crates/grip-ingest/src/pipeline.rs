//! The ingest pipeline: one producer thread reads inputs, every core maps (parses, hashes,
//! analyzes) batches in parallel, and one sink thread writes them, in input order.
//!
//! Channels between the stages are bounded, and a batch closes at a count or a byte size, so
//! memory stays bounded whatever the input size: at most about `2 * 3 + 2` batches exist at a
//! time (one filling, one batch's worth of items queued behind it, two queued at each of the two
//! batch channels, one being mapped, one being written). A batch also closes when no item has
//! come for `idle_flush`, so a slow live input (`analyze --jsonl -` on a feed) is answered as it
//! arrives, not a batch at a time.

use std::time::Duration;

use crossbeam_channel::{bounded, RecvTimeoutError};
use rayon::prelude::*;

/// Batch sizes of the pipeline. There is no `Default`: the caller chooses.
#[derive(Debug, Clone, Copy)]
pub struct PipelineConfig {
    /// A batch closes at this many items...
    pub batch_items: usize,
    /// ...or at this many bytes of input, whichever comes first...
    pub batch_bytes: usize,
    /// ...or when no item has come for this long (`None`: only at the end of the input).
    pub idle_flush: Option<Duration>,
}

/// Runs `produce` on its own thread, `map` on every core (rayon) and `sink` on its own thread.
///
/// `produce` calls its argument with each item and the item's size in bytes; that call returns
/// `false` once the pipeline has stopped (the sink failed), and `produce` should then return.
/// `sink` receives the mapped items batch by batch, in the order they were produced; a batch is
/// the natural unit of a transaction. The first error of `sink` stops the pipeline and is
/// returned.
///
/// # Errors
/// The first error returned by `sink`.
pub fn run_pipeline<I, O, E>(
    config: PipelineConfig,
    produce: impl FnOnce(&mut dyn FnMut(I, usize) -> bool) + Send,
    map: impl Fn(I) -> O + Sync,
    sink: impl FnMut(Vec<O>) -> Result<(), E> + Send,
) -> Result<(), E>
where
    I: Send,
    O: Send,
    E: Send,
{
    let (item_tx, item_rx) = bounded::<(I, usize)>(config.batch_items.max(1));
    let (batch_tx, batch_rx) = bounded::<Vec<I>>(2);
    let (mapped_tx, mapped_rx) = bounded::<Vec<O>>(2);
    std::thread::scope(|scope| {
        // The producer stops when the batcher has gone (the pipeline stopped).
        let producer = scope.spawn(move || produce(&mut |item, n_bytes| item_tx.send((item, n_bytes)).is_ok()));
        let batcher = scope.spawn(move || {
            let mut batch = Vec::with_capacity(config.batch_items);
            let mut batch_bytes = 0usize;
            loop {
                let next = match config.idle_flush {
                    Some(idle) if !batch.is_empty() => item_rx.recv_timeout(idle),
                    _ => item_rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                };
                let close = match next {
                    Ok((item, n_bytes)) => {
                        batch.push(item);
                        batch_bytes += n_bytes;
                        batch.len() >= config.batch_items || batch_bytes >= config.batch_bytes
                    }
                    Err(RecvTimeoutError::Timeout) => true,
                    Err(RecvTimeoutError::Disconnected) => {
                        if !batch.is_empty() {
                            let _ = batch_tx.send(batch);
                        }
                        return;
                    }
                };
                if close {
                    batch_bytes = 0;
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(config.batch_items));
                    if batch_tx.send(full).is_err() {
                        return;
                    }
                }
            }
        });
        let writer = scope.spawn(move || {
            let mut sink = sink;
            for mapped in mapped_rx {
                sink(mapped)?;
            }
            Ok(())
        });
        for batch in batch_rx {
            let mapped: Vec<O> = batch.into_par_iter().map(&map).collect();
            if mapped_tx.send(mapped).is_err() {
                break;
            }
        }
        drop(mapped_tx);
        let result = writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // The loop above dropped the batch receiver: the batcher sees the closed channel on its
        // next send and returns, and the producer then sees the closed item channel.
        batcher.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        producer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        result
    })
}
