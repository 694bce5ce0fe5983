//! The client side of SCRAM (RFC 5802, with SHA-256 / SHA-512 as RFC 7677 and Kafka's
//! KIP-84 use them): pure message building and checking, no I/O.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256, Sha512};

use super::error::WireError;

/// Kafka refuses fewer; far more would let a hostile broker burn our CPU.
const MAX_ITERATIONS: u32 = 1_000_000;

/// The hash a SCRAM mechanism is named after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScramHash {
    Sha256,
    Sha512,
}

impl ScramHash {
    /// The SASL mechanism name (`SCRAM-SHA-256`).
    pub fn mechanism(self) -> &'static str {
        match self {
            ScramHash::Sha256 => "SCRAM-SHA-256",
            ScramHash::Sha512 => "SCRAM-SHA-512",
        }
    }

    fn hmac(self, key: &[u8], message: &[u8]) -> Vec<u8> {
        match self {
            ScramHash::Sha256 => {
                let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
                mac.update(message);
                mac.finalize().into_bytes().to_vec()
            }
            ScramHash::Sha512 => {
                let mut mac = Hmac::<Sha512>::new_from_slice(key).expect("HMAC takes keys of any length");
                mac.update(message);
                mac.finalize().into_bytes().to_vec()
            }
        }
    }

    fn hash(self, data: &[u8]) -> Vec<u8> {
        match self {
            ScramHash::Sha256 => Sha256::digest(data).to_vec(),
            ScramHash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    fn salted_password(self, password: &str, salt: &[u8], iterations: u32) -> Vec<u8> {
        match self {
            ScramHash::Sha256 => {
                let mut out = [0u8; 32];
                pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), salt, iterations, &mut out);
                out.to_vec()
            }
            ScramHash::Sha512 => {
                let mut out = [0u8; 64];
                pbkdf2::pbkdf2_hmac::<Sha512>(password.as_bytes(), salt, iterations, &mut out);
                out.to_vec()
            }
        }
    }
}

/// One SCRAM exchange, from the client's first message to checking the server's last.
pub struct ScramClient {
    hash: ScramHash,
    password: String,
    client_first_bare: String,
    client_nonce: String,
    /// Set once the client's final message is built: the signature the server must send.
    expected_server_signature: Option<Vec<u8>>,
}

impl ScramClient {
    /// Starts an exchange for `username` with a fresh random nonce.
    pub fn new(hash: ScramHash, username: &str, password: &str) -> Self {
        let nonce_bytes: [u8; 24] = rand::random();
        Self::with_nonce(hash, username, password, &BASE64.encode(nonce_bytes))
    }

    /// As [`Self::new`], with a given nonce (the RFC's test vectors).
    pub fn with_nonce(hash: ScramHash, username: &str, password: &str, nonce: &str) -> Self {
        let name = username.replace('=', "=3D").replace(',', "=2C");
        ScramClient {
            hash,
            password: password.to_owned(),
            client_first_bare: format!("n={name},r={nonce}"),
            client_nonce: nonce.to_owned(),
            expected_server_signature: None,
        }
    }

    /// The client-first message (no channel binding, no authorization id).
    pub fn client_first(&self) -> String {
        format!("n,,{}", self.client_first_bare)
    }

    /// The client-final message answering `server_first`.
    pub fn client_final(&mut self, server_first: &str) -> Result<String, WireError> {
        let refused = |why: &str| WireError::Sasl(format!("unexpected SCRAM server-first message: {why}"));
        let attribute = |name: char| {
            server_first.split(',').find_map(|part| part.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')))
        };
        let nonce = attribute('r').ok_or_else(|| refused("no nonce"))?;
        if !nonce.starts_with(&self.client_nonce) || nonce.len() == self.client_nonce.len() {
            return Err(refused("the nonce does not extend ours"));
        }
        let salt = BASE64.decode(attribute('s').ok_or_else(|| refused("no salt"))?).map_err(|_| refused("bad salt"))?;
        let iterations: u32 = attribute('i')
            .and_then(|count| count.parse().ok())
            .filter(|count| (1..=MAX_ITERATIONS).contains(count))
            .ok_or_else(|| refused("bad iteration count"))?;
        let without_proof = format!("c=biws,r={nonce}");
        let auth_message = format!("{},{server_first},{without_proof}", self.client_first_bare);
        let salted = self.hash.salted_password(&self.password, &salt, iterations);
        let client_key = self.hash.hmac(&salted, b"Client Key");
        let stored_key = self.hash.hash(&client_key);
        let signature = self.hash.hmac(&stored_key, auth_message.as_bytes());
        let proof: Vec<u8> = client_key.iter().zip(&signature).map(|(key, sign)| key ^ sign).collect();
        let server_key = self.hash.hmac(&salted, b"Server Key");
        self.expected_server_signature = Some(self.hash.hmac(&server_key, auth_message.as_bytes()));
        Ok(format!("{without_proof},p={}", BASE64.encode(proof)))
    }

    /// Checks the server-final message: the server proves it knows the password too.
    pub fn verify_server_final(&self, server_final: &str) -> Result<(), WireError> {
        if let Some(error) = server_final.strip_prefix("e=") {
            return Err(WireError::Sasl(format!("the broker refused the credentials ({error})")));
        }
        let signature = server_final
            .split(',')
            .find_map(|part| part.strip_prefix("v="))
            .and_then(|value| BASE64.decode(value).ok())
            .ok_or_else(|| WireError::Sasl("unexpected SCRAM server-final message".into()))?;
        match &self.expected_server_signature {
            Some(expected) if *expected == signature => Ok(()),
            _ => Err(WireError::Sasl("the broker's SCRAM signature does not match (not the real broker?)".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7677, section 3.
    #[test]
    fn the_rfc_7677_exchange_is_reproduced() {
        let mut client = ScramClient::with_nonce(ScramHash::Sha256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        assert_eq!(client.client_first(), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        let server_first = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        assert_eq!(
            client.client_final(server_first).unwrap(),
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        );
        client.verify_server_final("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=").unwrap();
        assert!(client.verify_server_final("v=AAAA").is_err());
        assert!(client.verify_server_final("e=invalid-proof").unwrap_err().to_string().contains("invalid-proof"));
    }

    #[test]
    fn hostile_server_messages_are_refused() {
        let mut client = ScramClient::with_nonce(ScramHash::Sha512, "a,b=c", "p", "abc");
        assert_eq!(client.client_first(), "n,,n=a=2Cb=3Dc,r=abc");
        for hostile in
            ["r=xyz,s=AAAA,i=4096", "r=abc,s=AAAA,i=4096", "r=abcd,s=AAAA,i=0", "r=abcd,s=AAAA,i=99999999", "s=AAAA"]
        {
            assert!(client.client_final(hostile).is_err(), "{hostile}");
        }
        assert!(client.client_final("r=abcd,s=AAAA,i=4096").is_ok());
    }
}
