//! Output written behind the work that makes it: the command fills one buffer while a second
//! thread hands the previous one to the file or pipe. The kernel's part of writing a big result
//! (282 MB for the 100,000-user tenant, about a quarter of the time `run` spends beyond loading)
//! then runs on the machine's other core.

use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread;

/// Bytes handed to the writing thread at a time. At most three buffers exist: one written, one
/// waiting, one being filled.
const CHUNK: usize = 1 << 20;

/// Runs `write` with a writer whose bytes reach `out` on another thread, and flushes `out`.
/// A failure of `out` is the error returned (not the stopped channel it causes in `write`).
pub fn write_behind<W: Write + Send>(
    out: &mut W,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    thread::scope(|scope| {
        let (full, to_write) = sync_channel::<Vec<u8>>(1);
        let (written, empty) = sync_channel::<Vec<u8>>(3);
        let writer = scope.spawn(move || -> io::Result<()> {
            for mut chunk in to_write {
                out.write_all(&chunk)?;
                chunk.clear();
                // Never full (three buffers at most); the filling side may have stopped.
                let _ = written.send(chunk);
            }
            out.flush()
        });
        let mut front = Front {
            buffer: Vec::with_capacity(CHUNK),
            full: Some(full),
            empty,
        };
        let made = write(&mut front).and_then(|()| front.hand_over());
        // Dropping the sender ends the writing thread's loop.
        drop(front);
        match writer.join() {
            Ok(Ok(())) => made,
            Ok(Err(e)) => Err(e),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// The filling side: a buffer, and the channels to the writing thread.
struct Front {
    buffer: Vec<u8>,
    full: Option<SyncSender<Vec<u8>>>,
    empty: Receiver<Vec<u8>>,
}

impl Front {
    /// Sends the buffer to be written and takes an empty one.
    fn hand_over(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let next = self
            .empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let chunk = std::mem::replace(&mut self.buffer, next);
        let sent = self.full.as_ref().map(|full| full.send(chunk));
        match sent {
            Some(Ok(())) => Ok(()),
            // The writing thread stopped on an error, which `write_behind` returns instead.
            _ => Err(io::Error::other("the output stopped")),
        }
    }
}

impl Write for Front {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.buffer.len() + bytes.len() > CHUNK {
            self.hand_over()?;
        }
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_arrives_in_order() {
        let mut out = Vec::new();
        let pieces: Vec<Vec<u8>> = (0..3000u32)
            .map(|i| vec![(i % 251) as u8; (i as usize * 7) % 1500])
            .collect();
        write_behind(&mut out, |front| {
            pieces.iter().try_for_each(|piece| front.write_all(piece))
        })
        .expect("memory takes every write");
        assert_eq!(out, pieces.concat());
        assert!(out.len() > 2 * CHUNK, "the test must fill several buffers");
    }

    /// Fails after `left` bytes, as a full disk does.
    struct Full {
        left: usize,
    }

    impl Write for Full {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if bytes.len() > self.left {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            self.left -= bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_output_s_error_is_the_one_returned() {
        let mut out = Full { left: CHUNK + 10 };
        let error = write_behind(&mut out, |front| {
            (0..10).try_for_each(|_| front.write_all(&[b'x'; CHUNK / 2]))
        })
        .expect_err("the disk fills up");
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
    }
}
