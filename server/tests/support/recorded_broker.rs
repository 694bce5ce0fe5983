//! A one-broker Kafka endpoint that answers with fixed protocol answers, for what the
//! local broker cannot show: a cluster with an authorizer and its ACLs. It speaks the
//! real wire protocol (frames, headers, versions negotiated through ApiVersions; the
//! messages are encoded by the `kafka-protocol` crate from Kafka's own message
//! definitions), so librdkafka talks to it exactly as to a Kafka broker. It answers
//! ApiVersions, Metadata (itself as the only broker and controller, no topics),
//! ListGroups (none), DescribeCluster and DescribeAcls; any other request closes the
//! connection, which librdkafka reports as a broker failure.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use kafka_protocol::messages::api_versions_response::ApiVersion;
use kafka_protocol::messages::describe_acls_response::{AclDescription, DescribeAclsResource};
use kafka_protocol::messages::describe_cluster_response::DescribeClusterBroker;
use kafka_protocol::messages::metadata_response::MetadataResponseBroker;
use kafka_protocol::messages::{
    ApiKey, ApiVersionsResponse, BrokerId, DescribeAclsResponse, DescribeClusterResponse, ListGroupsResponse,
    MetadataResponse, ResponseHeader,
};
use kafka_protocol::protocol::{decode_request_header_from_buffer, Encodable, StrBytes};

/// Kafka's error codes used here.
pub const SECURITY_DISABLED: i16 = 54;
pub const CLUSTER_AUTHORIZATION_FAILED: i16 = 31;

pub const CLUSTER_ID: &str = "recorded-cluster-7Qx";
const BROKER_ID: i32 = 1;

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
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the recorded broker");
        let port = listener.local_addr().expect("its address").port();
        let acls = Arc::new(acls);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let acls = Arc::clone(&acls);
                std::thread::spawn(move || serve_connection(stream, port, &acls));
            }
        });
        Self { port }
    }

    pub fn bootstrap(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

fn serve_connection(mut stream: TcpStream, port: u16, acls: &AclAnswer) {
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
            ApiKey::ListGroups => ListGroupsResponse::default().encode(&mut body, version),
            ApiKey::DescribeCluster => describe_cluster(port).encode(&mut body, version),
            ApiKey::DescribeAcls => describe_acls(acls).encode(&mut body, version),
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

fn api_versions() -> ApiVersionsResponse {
    let served =
        [ApiKey::ApiVersions, ApiKey::Metadata, ApiKey::ListGroups, ApiKey::DescribeCluster, ApiKey::DescribeAcls];
    ApiVersionsResponse::default().with_api_keys(
        served
            .iter()
            .map(|key| {
                let versions = key.valid_versions();
                ApiVersion::default()
                    .with_api_key(*key as i16)
                    .with_min_version(versions.min)
                    .with_max_version(versions.max)
            })
            .collect(),
    )
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
