//! KIP-848 consumer groups (`group.protocol=consumer`): the classic DescribeGroups
//! answers them as `Dead` with no members, so those groups are described again with
//! DescribeConsumerGroups (ConsumerGroupDescribe underneath) and their state, assignor
//! and members' assignments converted here.

use std::collections::BTreeMap;
use std::ffi::CString;
use std::time::Duration;

use model::{ConsumerGroup, GroupMember, TopicPartitions};
use rdkafka::client::NativeClient;

use super::admin_error::AdminCallError;
use super::ffi::{self, RawGroupDescription};

/// The protocol type KIP-848 groups carry (as classic consumer groups do).
const CONSUMER_PROTOCOL_TYPE: &str = "consumer";

/// Whether the classic answer about `group` looks like a group it cannot describe.
pub fn needs_describing_again(group: &ConsumerGroup) -> bool {
    group.protocol_type.is_empty() && group.state == "Dead"
}

/// Fills in `groups` (those [`needs_describing_again`] picks) from DescribeConsumerGroups.
/// A failure leaves them as the classic answer had them. Blocks.
pub fn describe_again(
    client: &NativeClient,
    groups: &mut [ConsumerGroup],
    timeout: Duration,
) -> Result<(), AdminCallError> {
    let names: Vec<CString> = groups
        .iter()
        .filter(|group| needs_describing_again(group))
        .filter_map(|group| CString::new(group.group_id.as_str()).ok())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    let asked: Vec<_> = names.iter().map(CString::as_c_str).collect();
    let descriptions =
        ffi::describe_consumer_groups(client, &asked, timeout).map_err(AdminCallError::of("ConsumerGroupDescribe"))?;
    for description in descriptions.into_iter().filter(|description| description.error.is_none()) {
        if let Some(group) = groups.iter_mut().find(|group| group.group_id == description.group_id) {
            apply(group, description);
        }
    }
    Ok(())
}

fn apply(group: &mut ConsumerGroup, description: RawGroupDescription) {
    group.state = description.state;
    if description.group_type.eq_ignore_ascii_case(CONSUMER_PROTOCOL_TYPE) {
        group.protocol_type = CONSUMER_PROTOCOL_TYPE.to_owned();
    }
    group.protocol = description.assignor;
    group.members = description
        .members
        .into_iter()
        .map(|member| {
            let mut by_topic: BTreeMap<String, Vec<i32>> = BTreeMap::new();
            for partition in member.assignment {
                by_topic.entry(partition.topic).or_default().push(partition.partition);
            }
            GroupMember {
                member_id: member.member_id,
                client_id: member.client_id,
                client_host: member.host,
                assignment: by_topic
                    .into_iter()
                    .map(|(topic, mut partitions)| {
                        partitions.sort_unstable();
                        TopicPartitions { topic, partitions }
                    })
                    .collect(),
            }
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(state: &str, protocol_type: &str) -> ConsumerGroup {
        ConsumerGroup {
            group_id: "g".into(),
            state: state.into(),
            protocol_type: protocol_type.into(),
            protocol: String::new(),
            members: vec![],
            offsets: vec![],
        }
    }

    #[test]
    fn only_groups_the_classic_answer_cannot_see_are_described_again() {
        assert!(needs_describing_again(&group("Dead", "")));
        assert!(!needs_describing_again(&group("Dead", "consumer")), "a classic group that really died");
        assert!(!needs_describing_again(&group("Stable", "consumer")));
    }
}
