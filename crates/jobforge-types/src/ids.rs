//! Typed identifiers. Every entity has its own ID type so that an application
//! ID can never be passed where a resume ID is expected.
//!
//! IDs are UUIDv7: time-ordered (good index locality, natural sort by
//! creation) and globally unique, so devices can create rows offline and sync
//! them later without coordination.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A string that is not a valid ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{input}` is not a valid ID: expected a UUID such as 0192f0c1-7a2b-7c3d-8e4f-0123456789ab"
)]
pub struct IdParseError {
    pub input: String,
}

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.hyphenated())
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| IdParseError { input: s.to_owned() })
            }
        }
    };
}

id_type!(
    /// Identifies an [`crate::Application`].
    ApplicationId
);
id_type!(
    /// Identifies a [`crate::Resume`] in the resume library.
    ResumeId
);
id_type!(
    /// Identifies a [`crate::Document`]: one per application and kind.
    DocumentId
);
id_type!(
    /// Identifies one saved version of a document.
    DocumentVersionId
);
id_type!(
    /// Identifies one of the user's writing samples.
    WritingSampleId
);
id_type!(
    /// Identifies one recorded run of one pipeline phase.
    RunId
);
id_type!(
    /// Identifies one truth-gate flag on a document version.
    TruthFlagId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_display_and_parse() {
        let raw = "0192f0c1-7a2b-7c3d-8e4f-0123456789ab";
        let id: ApplicationId = raw.parse().expect("valid uuid");
        assert_eq!(id.to_string(), raw);
    }

    #[test]
    fn ids_serialise_as_bare_strings() {
        let id: ResumeId = "0192f0c1-7a2b-7c3d-8e4f-0123456789ab"
            .parse()
            .expect("valid uuid");
        let json = serde_json::to_string(&id).expect("serialise");
        assert_eq!(json, "\"0192f0c1-7a2b-7c3d-8e4f-0123456789ab\"");
    }

    #[test]
    fn invalid_id_names_the_input() {
        let err = "nope".parse::<DocumentId>().expect_err("not a uuid");
        assert!(err.to_string().contains("`nope`"));
    }
}
