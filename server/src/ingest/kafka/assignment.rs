//! The consumer protocol's member assignment (`ConsumerProtocolAssignment`), as the
//! broker returns it opaquely in DescribeGroups: which partitions a member was given.
//!
//! Layout (big-endian): version i16; topics: i32 count of (name: i16 length + UTF-8,
//! partitions: i32 count of i32); then user data (i32 length + bytes), ignored here.

use model::TopicPartitions;

/// Reads an assignment; `None` when the bytes are not a consumer-protocol assignment
/// (another protocol type, or a truncated answer). Never panics on any input.
pub fn parse_assignment(bytes: &[u8]) -> Option<Vec<TopicPartitions>> {
    let mut reader = Reader { bytes, position: 0 };
    let _version = reader.i16()?;
    let topic_count = reader.count()?;
    let mut topics = Vec::with_capacity(topic_count.min(1024));
    for _ in 0..topic_count {
        let name_length = usize::try_from(reader.i16()?).ok()?;
        let topic = String::from_utf8(reader.take(name_length)?.to_vec()).ok()?;
        let partition_count = reader.count()?;
        let mut partitions = Vec::with_capacity(partition_count.min(4096));
        for _ in 0..partition_count {
            partitions.push(reader.i32()?);
        }
        topics.push(TopicPartitions { topic, partitions });
    }
    Some(topics)
}

struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, length: usize) -> Option<&'a [u8]> {
        let end = self.position.checked_add(length)?;
        let slice = self.bytes.get(self.position..end)?;
        self.position = end;
        Some(slice)
    }

    fn i16(&mut self) -> Option<i16> {
        Some(i16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }

    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }

    /// An array length; -1 (null) counts as empty.
    fn count(&mut self) -> Option<usize> {
        let count = self.i32()?;
        if count < 0 {
            Some(0)
        } else {
            usize::try_from(count).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(topics: &[(&str, &[i32])]) -> Vec<u8> {
        let mut bytes = 1i16.to_be_bytes().to_vec();
        bytes.extend((topics.len() as i32).to_be_bytes());
        for (name, partitions) in topics {
            bytes.extend((name.len() as i16).to_be_bytes());
            bytes.extend(name.as_bytes());
            bytes.extend((partitions.len() as i32).to_be_bytes());
            for partition in *partitions {
                bytes.extend(partition.to_be_bytes());
            }
        }
        bytes.extend((-1i32).to_be_bytes()); // no user data
        bytes
    }

    #[test]
    fn reads_topics_and_partitions() {
        let parsed = parse_assignment(&encode(&[("orders", &[0, 2]), ("payments", &[1])])).unwrap();
        assert_eq!(
            parsed,
            vec![
                TopicPartitions { topic: "orders".into(), partitions: vec![0, 2] },
                TopicPartitions { topic: "payments".into(), partitions: vec![1] },
            ]
        );
    }

    #[test]
    fn truncated_or_hostile_input_is_refused_without_panicking() {
        let full = encode(&[("orders", &[0, 2])]);
        for cut in 0..full.len() - 4 {
            assert!(parse_assignment(&full[..cut]).is_none(), "cut at {cut}");
        }
        let mut huge = 0i16.to_be_bytes().to_vec();
        huge.extend(i32::MAX.to_be_bytes());
        assert!(parse_assignment(&huge).is_none());
    }
}
