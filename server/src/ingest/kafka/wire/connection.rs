//! One blocking connection to one broker, speaking the Kafka protocol through the
//! `kafka-protocol` crate: length-prefixed frames, ApiVersions to learn what the broker
//! offers, SASL (PLAIN, SCRAM) when the cluster asks for it.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use bytes::{Buf, Bytes, BytesMut};
use kafka_protocol::error::ParseResponseErrorCode;
use kafka_protocol::messages::{
    ApiKey, ApiVersionsRequest, RequestHeader, ResponseHeader, SaslAuthenticateRequest, SaslHandshakeRequest,
};
use kafka_protocol::protocol::{Decodable, Encodable, HeaderVersion, Request, StrBytes};

use super::error::WireError;
use super::scram::ScramClient;
use super::security::WireSecurity;
use crate::ingest::kafka::client::CLIENT_ID;

/// The largest answer accepted: a broker's answer about every partition of a large
/// cluster fits many times over; a corrupt length prefix does not get to allocate more.
const MAX_FRAME_BYTES: usize = 64 * 1024 * 1024;

/// A connection to one broker, authenticated, with the versions it offers.
pub struct BrokerConnection {
    address: String,
    stream: TcpStream,
    correlation_id: i32,
    /// (api key, min version, max version) as the broker announced them.
    offered: Vec<(i16, i16, i16)>,
}

impl BrokerConnection {
    /// Connects to `host:port` within `timeout` and authenticates as `security` says.
    pub fn open(host: &str, port: u16, security: &WireSecurity, timeout: Duration) -> Result<Self, WireError> {
        let address = format!("{host}:{port}");
        if let WireSecurity::Unsupported(reason) = security {
            return Err(WireError::Unsupported(reason.clone()));
        }
        let connect_error = |source| WireError::Connect { address: address.clone(), source };
        let socket_address = (host, port)
            .to_socket_addrs()
            .map_err(connect_error)?
            .next()
            .ok_or_else(|| connect_error(std::io::Error::other("the name resolves to no address")))?;
        let stream = TcpStream::connect_timeout(&socket_address, timeout).map_err(connect_error)?;
        let io_error = |source| WireError::Io { address: address.clone(), source };
        stream.set_read_timeout(Some(timeout)).map_err(io_error)?;
        stream.set_write_timeout(Some(timeout)).map_err(io_error)?;
        stream.set_nodelay(true).map_err(io_error)?;
        let mut connection = BrokerConnection { address, stream, correlation_id: 0, offered: Vec::new() };
        connection.learn_versions()?;
        match security {
            WireSecurity::Plaintext | WireSecurity::Unsupported(_) => {}
            WireSecurity::SaslPlain { username, password } => {
                connection.handshake("PLAIN")?;
                let token = format!("\0{username}\0{password}");
                connection.authenticate(token.into_bytes())?;
            }
            WireSecurity::SaslScram { hash, username, password } => {
                connection.handshake(hash.mechanism())?;
                let mut scram = ScramClient::new(*hash, username, password);
                let server_first = connection.authenticate(scram.client_first().into_bytes())?;
                let server_first = String::from_utf8_lossy(&server_first).into_owned();
                let client_final = scram.client_final(&server_first)?;
                let server_final = connection.authenticate(client_final.into_bytes())?;
                scram.verify_server_final(&String::from_utf8_lossy(&server_final))?;
            }
        }
        Ok(connection)
    }

    /// The highest version of request `R` that both the broker and this crate speak.
    pub fn version_of<R: Request>(&self, name: &'static str) -> Result<i16, WireError> {
        let (_, min, max) =
            self.offered.iter().find(|(key, _, _)| *key == R::KEY).ok_or(WireError::NotOffered(name))?;
        let highest = (*max).min(R::VERSIONS.max);
        if highest < (*min).max(R::VERSIONS.min) {
            return Err(WireError::NotOffered(name));
        }
        Ok(highest)
    }

    /// Sends `request` at `version` and reads its answer.
    pub fn send<R: Request>(
        &mut self,
        request: &R,
        version: i16,
        name: &'static str,
    ) -> Result<R::Response, WireError> {
        self.correlation_id = self.correlation_id.wrapping_add(1);
        let header = RequestHeader::default()
            .with_request_api_key(R::KEY)
            .with_request_api_version(version)
            .with_correlation_id(self.correlation_id)
            .with_client_id(Some(StrBytes::from_static_str(CLIENT_ID)));
        let malformed = |detail: String| WireError::Malformed { request: name, detail };
        let mut frame = BytesMut::new();
        frame.extend_from_slice(&[0; 4]);
        header.encode(&mut frame, R::header_version(version)).map_err(|error| malformed(error.to_string()))?;
        request.encode(&mut frame, version).map_err(|error| malformed(error.to_string()))?;
        let length = i32::try_from(frame.len() - 4).map_err(|_| malformed("request too large".into()))?;
        frame[..4].copy_from_slice(&length.to_be_bytes());
        let io_error = |source| WireError::Io { address: self.address.clone(), source };
        self.stream.write_all(&frame).map_err(io_error)?;

        let mut length = [0u8; 4];
        self.stream.read_exact(&mut length).map_err(io_error)?;
        let length = usize::try_from(i32::from_be_bytes(length)).unwrap_or(usize::MAX);
        if length > MAX_FRAME_BYTES {
            return Err(malformed(format!("an answer of {length} bytes")));
        }
        let mut answer = vec![0u8; length];
        self.stream.read_exact(&mut answer).map_err(io_error)?;
        let mut answer = Bytes::from(answer);
        let header = ResponseHeader::decode(&mut answer, R::Response::header_version(version))
            .map_err(|error| malformed(error.to_string()))?;
        if header.correlation_id != self.correlation_id {
            return Err(malformed("the answer is to another request".into()));
        }
        let response = R::Response::decode(&mut answer, version).map_err(|error| malformed(error.to_string()))?;
        if answer.has_remaining() {
            tracing::debug!(broker = %self.address, request = name, left = answer.remaining(), "answer longer than expected");
        }
        Ok(response)
    }

    /// ApiVersions v0, which every broker answers, to learn what this one offers.
    fn learn_versions(&mut self) -> Result<(), WireError> {
        self.offered = vec![(ApiKey::ApiVersions as i16, 0, 0)];
        let answer = self.send(&ApiVersionsRequest::default(), 0, "ApiVersions")?;
        if let Some(error) = answer.error_code.err() {
            return Err(WireError::Refused { request: "ApiVersions", error });
        }
        self.offered = answer.api_keys.iter().map(|key| (key.api_key, key.min_version, key.max_version)).collect();
        Ok(())
    }

    fn handshake(&mut self, mechanism: &str) -> Result<(), WireError> {
        let version = self.version_of::<SaslHandshakeRequest>("SaslHandshake")?;
        let request = SaslHandshakeRequest::default().with_mechanism(StrBytes::from_string(mechanism.to_owned()));
        let answer = self.send(&request, version, "SaslHandshake")?;
        match answer.error_code.err() {
            None => Ok(()),
            Some(_) => Err(WireError::Sasl(format!(
                "the broker does not enable {mechanism} (it offers {})",
                answer.mechanisms.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// One SaslAuthenticate round: sends `token`, returns the broker's.
    fn authenticate(&mut self, token: Vec<u8>) -> Result<Bytes, WireError> {
        let version = self.version_of::<SaslAuthenticateRequest>("SaslAuthenticate")?;
        let request = SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from(token));
        let answer = self.send(&request, version, "SaslAuthenticate")?;
        match answer.error_code.err() {
            None => Ok(answer.auth_bytes),
            Some(error) => Err(WireError::Sasl(format!(
                "authentication failed ({error:?}{})",
                answer.error_message.map(|message| format!(": {}", message.as_str())).unwrap_or_default()
            ))),
        }
    }
}
