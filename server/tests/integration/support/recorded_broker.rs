//! A one-broker Kafka endpoint that answers with fixed protocol answers, for what the
//! local broker cannot show: a cluster with an authorizer and its ACLs. It speaks the
//! real wire protocol (frames, headers, versions negotiated through ApiVersions; the
//! messages are encoded by the `kafka-protocol` crate from Kafka's own message
//! definitions), so librdkafka talks to it exactly as to a Kafka broker. It answers
//! ApiVersions, Metadata (itself as the only broker and controller, no topics),
//! ListGroups and DescribeGroups (an optional group whose member has a client id, host
//! and consumer-protocol assignment, which the local broker leaves empty),
//! FindCoordinator (itself) and OffsetFetch (nothing committed), DescribeCluster and
//! DescribeAcls; any other request closes the connection, which librdkafka reports as a
//! broker failure.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use kafka_protocol::messages::api_versions_response::ApiVersion;
use kafka_protocol::messages::consumer_protocol_assignment::TopicPartition;
use kafka_protocol::messages::describe_acls_response::{AclDescription, DescribeAclsResource};
use kafka_protocol::messages::describe_cluster_response::DescribeClusterBroker;
use kafka_protocol::messages::describe_groups_response::{DescribedGroup, DescribedGroupMember};
use kafka_protocol::messages::list_groups_response::ListedGroup;
use kafka_protocol::messages::metadata_response::MetadataResponseBroker;
use kafka_protocol::messages::{
    ApiKey, ApiVersionsResponse, BrokerId, ConsumerProtocolAssignment, DescribeAclsResponse, DescribeClusterResponse,
    DescribeGroupsResponse, FindCoordinatorResponse, GroupId, ListGroupsResponse, MetadataResponse,
    OffsetFetchResponse, ResponseHeader, TopicName,
};
use kafka_protocol::protocol::{decode_request_header_from_buffer, Encodable, StrBytes};

/// Kafka's error codes used here.
pub const SECURITY_DISABLED: i16 = 54;
pub const CLUSTER_AUTHORIZATION_FAILED: i16 = 31;

pub const CLUSTER_ID: &str = "recorded-cluster-7Qx";
const BROKER_ID: i32 = 1;

/// A consumer group with one member, as a real Kafka coordinator describes it.
#[derive(Clone)]
pub struct RecordedGroup {
    pub group_id: &'static str,
    pub client_id: &'static str,
    pub client_host: &'static str,
    /// (topic, partitions) assigned to the member.
    pub assignment: Vec<(&'static str, Vec<i32>)>,
}

/// Everything the broker answers beyond its own metadata.
#[derive(Clone)]
pub struct Answers {
    pub acls: AclAnswer,
    pub group: Option<RecordedGroup>,
}

/// What the broker answers to DescribeAcls.
#[derive(Clone)]
pub enum AclAnswer {
    /// The ACLs, in Kafka's wire codes.
    Acls(Vec<WireAcl>),
    /// A top-level error code, as a broker without an authorizer answers.
    Error(i16),
}

/// One ACL in Kafka's wire codes (resource type 2 = topic, 3 = group; pattern 3 =
/// literal, 4 = prefixed; operation 3 = read, 4 = write, 2 = all; permission 2 = deny,
/// 3 = allow).
#[derive(Clone)]
pub struct WireAcl {
    pub resource_type: i8,
    pub resource_name: &'static str,
    pub pattern_type: i8,
    pub principal: &'static str,
    pub host: &'static str,
    pub operation: i8,
    pub permission: i8,
}

pub struct RecordedBroker {
    pub port: u16,
}

impl RecordedBroker {
    /// Listens on a free port of 127.0.0.1 and answers until the test process ends.
    pub fn start(acls: AclAnswer) -> Self {
        Self::start_with(Answers { acls, group: None })
    }

    pub fn start_with(answers: Answers) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the recorded broker");
        let port = listener.local_addr().expect("its address").port();
        let answers = Arc::new(answers);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let answers = Arc::clone(&answers);
                std::thread::spawn(move || serve_connection(stream, port, &answers));
            }
        });
        Self { port }
    }

    pub fn bootstrap(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

fn serve_connection(mut stream: TcpStream, port: u16, answers: &Answers) {
    loop {
        let mut size = [0u8; 4];
        if stream.read_exact(&mut size).is_err() {
            return;
        }
        let mut frame = vec![0u8; i32::from_be_bytes(size).max(0) as usize];
        if stream.read_exact(&mut frame).is_err() {
            return;
        }
        let mut request = Bytes::from(frame);
        let Ok(header) = decode_request_header_from_buffer(&mut request) else { return };
        let Ok(api_key) = ApiKey::try_from(header.request_api_key) else { return };
        let version = header.request_api_version;
        let mut body = BytesMut::new();
        let encoded = match api_key {
            ApiKey::ApiVersions => api_versions().encode(&mut body, version),
            ApiKey::Metadata => metadata(port).encode(&mut body, version),
            ApiKey::ListGroups => list_groups(answers.group.as_ref()).encode(&mut body, version),
            ApiKey::DescribeGroups => describe_groups(answers.group.as_ref()).encode(&mut body, version),
            ApiKey::FindCoordinator => find_coordinator(port).encode(&mut body, version),
            ApiKey::OffsetFetch => OffsetFetchResponse::default().encode(&mut body, version),
            ApiKey::DescribeCluster => describe_cluster(port).encode(&mut body, version),
            ApiKey::DescribeAcls => describe_acls(&answers.acls).encode(&mut body, version),
            _ => return,
        };
        if encoded.is_err() {
            return;
        }
        let mut response = BytesMut::new();
        let header_version = api_key.response_header_version(version);
        if ResponseHeader::default()
            .with_correlation_id(header.correlation_id)
            .encode(&mut response, header_version)
            .is_err()
        {
            return;
        }
        response.extend_from_slice(&body);
        let mut framed = (response.len() as i32).to_be_bytes().to_vec();
        framed.extend_from_slice(&response);
        if stream.write_all(&framed).is_err() {
            return;
        }
    }
}

fn text(value: &str) -> StrBytes {
    StrBytes::from_string(value.to_owned())
}

/// Every served request at every version the message definitions know, except
/// FindCoordinator and OffsetFetch, kept to their one-group versions (before KIP-699 and
/// KIP-709 batched them) so one answer shape fits.
fn api_versions() -> ApiVersionsResponse {
    let served = [
        (ApiKey::ApiVersions, None),
        (ApiKey::Metadata, None),
        (ApiKey::ListGroups, None),
        (ApiKey::DescribeGroups, None),
        (ApiKey::FindCoordinator, Some(3)),
        (ApiKey::OffsetFetch, Some(7)),
        (ApiKey::DescribeCluster, None),
        (ApiKey::DescribeAcls, None),
    ];
    ApiVersionsResponse::default().with_api_keys(
        served
            .iter()
            .map(|(key, cap)| {
                let versions = key.valid_versions();
                let max = cap.map_or(versions.max, |cap: i16| cap.min(versions.max));
                ApiVersion::default().with_api_key(*key as i16).with_min_version(versions.min).with_max_version(max)
            })
            .collect(),
    )
}

fn list_groups(group: Option<&RecordedGroup>) -> ListGroupsResponse {
    ListGroupsResponse::default().with_groups(
        group
            .iter()
            .map(|group| {
                ListedGroup::default()
                    .with_group_id(GroupId(text(group.group_id)))
                    .with_protocol_type(text("consumer"))
                    .with_group_state(text("Stable"))
            })
            .collect(),
    )
}

fn describe_groups(group: Option<&RecordedGroup>) -> DescribeGroupsResponse {
    DescribeGroupsResponse::default().with_groups(
        group
            .iter()
            .map(|group| {
                DescribedGroup::default()
                    .with_group_id(GroupId(text(group.group_id)))
                    .with_group_state(text("Stable"))
                    .with_protocol_type(text("consumer"))
                    .with_protocol_data(text("cooperative-sticky"))
                    .with_members(vec![DescribedGroupMember::default()
                        .with_member_id(text(&format!("{}-1-3f9a", group.client_id)))
                        .with_client_id(text(group.client_id))
                        .with_client_host(text(group.client_host))
                        .with_member_assignment(consumer_assignment(&group.assignment))])
            })
            .collect(),
    )
}

/// The member assignment as Kafka's consumer protocol embeds it: an INT16 version, then
/// ConsumerProtocolAssignment at that version.
fn consumer_assignment(assignment: &[(&str, Vec<i32>)]) -> Bytes {
    const VERSION: i16 = 1;
    let message = ConsumerProtocolAssignment::default().with_assigned_partitions(
        assignment
            .iter()
            .map(|(topic, partitions)| {
                TopicPartition::default().with_topic(TopicName(text(topic))).with_partitions(partitions.clone())
            })
            .collect(),
    );
    let mut bytes = BytesMut::new();
    bytes.extend_from_slice(&VERSION.to_be_bytes());
    message.encode(&mut bytes, VERSION).expect("the assignment encodes");
    bytes.freeze()
}

fn find_coordinator(port: u16) -> FindCoordinatorResponse {
    FindCoordinatorResponse::default()
        .with_node_id(BrokerId(BROKER_ID))
        .with_host(text("127.0.0.1"))
        .with_port(i32::from(port))
}

fn metadata(port: u16) -> MetadataResponse {
    MetadataResponse::default()
        .with_brokers(vec![MetadataResponseBroker::default()
            .with_node_id(BrokerId(BROKER_ID))
            .with_host(text("127.0.0.1"))
            .with_port(i32::from(port))])
        .with_cluster_id(Some(text(CLUSTER_ID)))
        .with_controller_id(BrokerId(BROKER_ID))
}

fn describe_cluster(port: u16) -> DescribeClusterResponse {
    DescribeClusterResponse::default()
        .with_cluster_id(text(CLUSTER_ID))
        .with_controller_id(BrokerId(BROKER_ID))
        .with_brokers(vec![DescribeClusterBroker::default()
            .with_broker_id(BrokerId(BROKER_ID))
            .with_host(text("127.0.0.1"))
            .with_port(i32::from(port))])
}

/// Kafka groups the ACLs of one resource pattern under one resource entry.
fn describe_acls(answer: &AclAnswer) -> DescribeAclsResponse {
    match answer {
        AclAnswer::Error(code) => DescribeAclsResponse::default()
            .with_error_code(*code)
            .with_error_message(Some(text("Security features are disabled."))),
        AclAnswer::Acls(acls) => {
            let mut resources: Vec<DescribeAclsResource> = Vec::new();
            for acl in acls {
                let description = AclDescription::default()
                    .with_principal(text(acl.principal))
                    .with_host(text(acl.host))
                    .with_operation(acl.operation)
                    .with_permission_type(acl.permission);
                let same = |resource: &&mut DescribeAclsResource| {
                    resource.resource_type == acl.resource_type
                        && resource.resource_name.as_str() == acl.resource_name
                        && resource.pattern_type == acl.pattern_type
                };
                match resources.iter_mut().find(|resource| same(resource)) {
                    Some(resource) => resource.acls.push(description),
                    None => resources.push(
                        DescribeAclsResource::default()
                            .with_resource_type(acl.resource_type)
                            .with_resource_name(text(acl.resource_name))
                            .with_pattern_type(acl.pattern_type)
                            .with_acls(vec![description]),
                    ),
                }
            }
            DescribeAclsResponse::default().with_resources(resources)
        }
    }
}
