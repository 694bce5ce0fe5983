//! Records of Kafka's `__consumer_offsets` topic, where the group coordinator writes
//! every offset commit and group metadata change. Pure decoding, following the record
//! schemas in Kafka's `group-coordinator` module (`OffsetCommitKey`/`Value`,
//! `GroupMetadataKey`): the key starts with an INT16 record version, 0 and 1 being an
//! offset commit (group, topic, partition) and 2 a group's metadata; newer record types
//! (KIP-848 consumer groups, share groups) are skipped. Untrusted bytes: every read is
//! bounds-checked.

/// What one `__consumer_offsets` record says, as far as lineage cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OffsetsTopicRecord {
    /// `group` committed `offset` on `topic`/`partition`; `offset` is `None` for a
    /// tombstone (the committed offset was deleted or expired).
    OffsetCommit { group: String, topic: String, partition: i32, offset: Option<i64> },
    /// The metadata of `group` changed; `deleted` when the record is a tombstone.
    GroupMetadata { group: String, deleted: bool },
}

/// Decodes one record; `None` for record types that say nothing about lineage and for
/// malformed bytes.
pub fn decode(key: &[u8], value: Option<&[u8]>) -> Option<OffsetsTopicRecord> {
    let mut key = Reader(key);
    match key.i16()? {
        0 | 1 => {
            let group = key.string()?;
            let topic = key.string()?;
            let partition = key.i32()?;
            let offset = match value {
                None => None,
                // Every OffsetCommitValue version starts with the version, then the offset.
                Some(value) => {
                    let mut value = Reader(value);
                    value.i16()?;
                    Some(value.i64()?)
                }
            };
            Some(OffsetsTopicRecord::OffsetCommit { group, topic, partition, offset })
        }
        2 => Some(OffsetsTopicRecord::GroupMetadata { group: key.string()?, deleted: value.is_none() }),
        _ => None,
    }
}

/// A bounds-checked big-endian reader over untrusted bytes.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    fn i16(&mut self) -> Option<i16> {
        self.take::<2>().map(i16::from_be_bytes)
    }

    fn i32(&mut self) -> Option<i32> {
        self.take::<4>().map(i32::from_be_bytes)
    }

    fn i64(&mut self) -> Option<i64> {
        self.take::<8>().map(i64::from_be_bytes)
    }

    /// A Kafka STRING: INT16 length, then UTF-8 bytes (a null string is refused).
    fn string(&mut self) -> Option<String> {
        let length = usize::try_from(self.i16()?).ok()?;
        if self.0.len() < length {
            return None;
        }
        let (text, rest) = self.0.split_at(length);
        self.0 = rest;
        String::from_utf8(text.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Key version 1 for group "billing", topic "orders", partition 2, byte by byte.
    const COMMIT_KEY: &[u8] = &[
        0, 1, // version 1: offset commit
        0, 7, b'b', b'i', b'l', b'l', b'i', b'n', b'g', // group
        0, 6, b'o', b'r', b'd', b'e', b'r', b's', // topic
        0, 0, 0, 2, // partition
    ];
    /// OffsetCommitValue version 3: offset 1234, leader epoch 5, metadata "", commit time.
    const COMMIT_VALUE: &[u8] = &[
        0, 3, // version
        0, 0, 0, 0, 0, 0, 0x04, 0xd2, // offset 1234
        0, 0, 0, 5, // leader epoch
        0, 0, // metadata ""
        0, 0, 1, 0x93, 0, 0, 0, 0, // commit timestamp
    ];

    #[test]
    fn an_offset_commit_names_group_topic_partition_and_offset() {
        assert_eq!(
            decode(COMMIT_KEY, Some(COMMIT_VALUE)),
            Some(OffsetsTopicRecord::OffsetCommit {
                group: "billing".into(),
                topic: "orders".into(),
                partition: 2,
                offset: Some(1234)
            })
        );
        let Some(OffsetsTopicRecord::OffsetCommit { offset, .. }) = decode(COMMIT_KEY, None) else { panic!() };
        assert_eq!(offset, None, "a tombstone deletes the commit");
    }

    #[test]
    fn group_metadata_and_its_tombstone_are_recognised() {
        let key = [0, 2, 0, 3, b'a', b'p', b'p'];
        assert_eq!(
            decode(&key, Some(&[0, 3])),
            Some(OffsetsTopicRecord::GroupMetadata { group: "app".into(), deleted: false })
        );
        assert_eq!(decode(&key, None), Some(OffsetsTopicRecord::GroupMetadata { group: "app".into(), deleted: true }));
    }

    #[test]
    fn newer_record_types_and_malformed_bytes_are_skipped() {
        assert_eq!(decode(&[0, 3, 0, 1, b'g'], None), None, "KIP-848 consumer group metadata");
        assert_eq!(decode(&[], None), None);
        assert_eq!(decode(&COMMIT_KEY[..12], None), None, "cut inside the group name");
        assert_eq!(decode(COMMIT_KEY, Some(&[0, 3, 1])), None, "cut inside the offset");
        assert_eq!(decode(&[0, 1, 0xff, 0xff], None), None, "a null group");
        assert_eq!(decode(&[0, 1, 0, 2, 0xff, 0xfe, 0, 0], None), None, "not UTF-8");
    }

    #[test]
    fn any_bytes_decode_without_panicking() {
        // A cheap stand-in for fuzzing: every prefix and every single-byte corruption.
        for cut in 0..=COMMIT_KEY.len() {
            let _ = decode(&COMMIT_KEY[..cut], Some(&COMMIT_VALUE[..cut.min(COMMIT_VALUE.len())]));
        }
        for index in 0..COMMIT_KEY.len() {
            for byte in [0u8, 0x7f, 0x80, 0xff] {
                let mut key = COMMIT_KEY.to_vec();
                key[index] = byte;
                let _ = decode(&key, Some(COMMIT_VALUE));
            }
        }
    }
}
