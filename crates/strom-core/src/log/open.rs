//! Opening a log: finishing interrupted swaps, dropping orphans, loading segments and
//! recovering the tail after an unclean stop, reloading producer state.

use super::*;

impl Log {
    /// Open (or create) the log in `dir`, recovering after an unclean stop.
    pub fn open(
        dir: &Path,
        topic: &str,
        partition: i32,
        config: LogConfig,
        hw_follows_flush: bool,
        opts: OpenOptions,
    ) -> Result<Log, LogError> {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        cleaner::finish_interrupted_swaps(dir).map_err(io_err(dir))?;
        let mut bases = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io_err(dir))? {
            let entry = entry.map_err(io_err(dir))?;
            let name = entry.file_name().to_string_lossy().to_string();
            if let Some(base) = segment::parse_file_name(&name, "log") {
                bases.push(base);
            } else if name.ends_with(".deleted")
                || name.ends_with(".cleaned")
                || name.ends_with(".tmp")
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        bases.sort_unstable();
        // Index files without a log file are orphans.
        for entry in std::fs::read_dir(dir).map_err(io_err(dir))?.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let orphan = segment::parse_file_name(&name, "index")
                .or_else(|| segment::parse_file_name(&name, "timeindex"))
                .is_some_and(|b| bases.binary_search(&b).is_err());
            if orphan {
                let _ = std::fs::remove_file(entry.path());
            }
        }

        let mut log = Log {
            dir: dir.to_path_buf(),
            topic: topic.to_string(),
            partition,
            config,
            segments: BTreeMap::new(),
            log_start_offset: 0,
            next_offset: 0,
            recovery_point: 0,
            high_watermark: LogPosition {
                offset: 0,
                segment_base: 0,
                position: 0,
            },
            hw_follows_flush,
            epochs: LeaderEpochCache::load(dir),
            producers: ProducerStateManager::default(),
            unflushed_sealed: Vec::new(),
            dir_dirty: false,
            messages_since_flush: 0,
            last_flush_ms: opts.now_ms,
            deleted_files: Vec::new(),
        };

        if bases.is_empty() {
            let start = opts.log_start_offset.unwrap_or(0).max(0);
            let seg = Segment::create(dir, start, opts.now_ms).map_err(io_err(dir))?;
            log.segments.insert(start, seg);
            log.log_start_offset = start;
            log.next_offset = start;
            checkpoint::sync_dir(dir).map_err(io_err(dir))?;
        } else {
            log.load_segments(&bases, opts)?;
        }
        log.recovery_point = log.next_offset;
        log.high_watermark = log.end_position();
        log.start_direct_writes()?;
        Ok(log)
    }

    fn load_segments(&mut self, bases: &[i64], opts: OpenOptions) -> Result<(), LogError> {
        let dir = self.dir.clone();
        let recovery_point = if opts.clean_shutdown {
            i64::MAX
        } else {
            opts.recovery_point.unwrap_or(0)
        };
        let last_index = bases.len().saturating_sub(1);
        let mut truncated_at: Option<usize> = None;
        let mut recovered_any = false;
        for (i, base) in bases.iter().copied().enumerate() {
            if truncated_at.is_some() {
                // Everything after a corrupt segment is suspect and unflushed: drop it.
                for ext in ["log", "index", "timeindex"] {
                    let _ = std::fs::remove_file(dir.join(segment::file_name(base, ext)));
                }
                tracing::warn!(topic = %self.topic, partition = self.partition, base, "Deleted segment after corruption.");
                continue;
            }
            let active = i == last_index;
            let next_base = bases.get(i + 1).copied().unwrap_or(i64::MAX);
            let needs_recovery = !opts.clean_shutdown && (active || next_base > recovery_point);
            let opened = if needs_recovery {
                None
            } else {
                Segment::open(&dir, base, active).ok()
            };
            let seg = match opened {
                Some(s) => s,
                None => {
                    let log_path = dir.join(segment::file_name(base, "log"));
                    let mut s =
                        Segment::open_for_recovery(&dir, base).map_err(io_err(&log_path))?;
                    let interval = self.config.index_interval_bytes;
                    let epochs = &mut self.epochs;
                    let rec = s
                        .recover(interval, |h| {
                            epochs.assign(h.partition_leader_epoch, h.base_offset)
                        })
                        .map_err(io_err(s.log_path()))?;
                    recovered_any = true;
                    if rec.truncated_bytes > 0 {
                        tracing::warn!(
                            topic = %self.topic, partition = self.partition, base,
                            truncated = rec.truncated_bytes, reason = ?rec.error,
                            "Truncated invalid tail of segment during recovery."
                        );
                        truncated_at = Some(i);
                    }
                    if !active {
                        s.seal().map_err(io_err(s.log_path()))?;
                    }
                    s
                }
            };
            self.next_offset = seg.next_offset();
            self.segments.insert(base, seg);
        }
        // A segment emptied by truncation may leave the log ending in a sealed segment; the
        // last one stays the active segment regardless.
        if let Some((_, last)) = self.segments.iter_mut().next_back() {
            self.next_offset = last.next_offset();
            if recovered_any {
                last.file().sync_data().map_err(io_err(last.log_path()))?;
            }
        }
        let first_base = self.segments.keys().next().copied().unwrap_or(0);
        self.log_start_offset = opts
            .log_start_offset
            .unwrap_or(first_base)
            .max(first_base)
            .min(self.next_offset);
        self.epochs.truncate_from_end(self.next_offset);
        self.load_producer_state(opts.clean_shutdown)?;
        if recovered_any {
            checkpoint::sync_dir(&dir).map_err(io_err(&dir))?;
        }
        Ok(())
    }

    fn load_producer_state(&mut self, clean: bool) -> Result<(), LogError> {
        let path = self.dir.join(PRODUCER_STATE_FILE);
        if clean
            && let Ok(text) = std::fs::read(&path)
            && let Ok(state) = serde_json::from_slice::<ProducerStateManager>(&text)
        {
            self.producers = state;
            return Ok(());
        }
        let _ = std::fs::remove_file(&path);
        // Rebuild from the batch headers (no CRC checks: recovery already validated the tail).
        let mut producers = ProducerStateManager::default();
        for seg in self.segments.values() {
            let mut reader = BatchReader::new(seg.file(), seg.size(), 1 << 20);
            let mut pos = 0u64;
            while let Step::Batch(h, _) = reader.at(pos, false).map_err(io_err(seg.log_path()))? {
                if h.has_producer_id() {
                    producers.update(&h);
                }
                pos += h.total_size() as u64;
            }
        }
        self.producers = producers;
        Ok(())
    }
}
