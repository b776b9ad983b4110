//! A Kafka error code with the message that goes back to the client. This is the "error in the
//! response" failure kind: it is data for the client, not a broker failure.

use kafka_protocol::ResponseError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub code: i16,
    pub message: Option<String>,
}

impl ApiError {
    pub fn new(err: ResponseError, message: impl Into<String>) -> ApiError {
        ApiError {
            code: err.code(),
            message: Some(message.into()),
        }
    }

    pub fn code(err: ResponseError) -> ApiError {
        ApiError {
            code: err.code(),
            message: None,
        }
    }

    pub const NONE: ApiError = ApiError {
        code: 0,
        message: None,
    };

    pub fn is_ok(&self) -> bool {
        self.code == 0
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.message {
            Some(m) => write!(f, "error {}: {m}", self.code),
            None => write!(f, "error {}", self.code),
        }
    }
}
