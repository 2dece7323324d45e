//! What a run cost, for the models whose prices are known.

use crate::providers::{ProviderKind, Usage};

const PRICES: &str = include_str!("../../../assets/ai/prices.tsv");

/// Dollars per million tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Price {
    pub input: f64,
    pub output: f64,
}

/// The price of `model` at `provider`: the longest listed prefix of the model
/// name. OpenAI-compatible servers have no known price.
pub fn price(provider: ProviderKind, model: &str) -> Option<Price> {
    let provider_name = provider.as_str();
    PRICES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut columns = l.split('\t');
            let (p, prefix, input, output) = (
                columns.next()?,
                columns.next()?,
                columns.next()?,
                columns.next()?,
            );
            (p == provider_name && model.starts_with(prefix)).then_some((
                prefix.len(),
                Price {
                    input: input.trim().parse().ok()?,
                    output: output.trim().parse().ok()?,
                },
            ))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, price)| price)
}

/// Estimated cost in US dollars, if the price is known.
pub fn cost(provider: ProviderKind, model: &str, usage: &Usage) -> Option<f64> {
    let price = price(provider, model)?;
    Some(
        (usage.input_tokens as f64 * price.input + usage.output_tokens as f64 * price.output)
            / 1_000_000.0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins_and_unknown_models_have_no_price() {
        let mini = price(ProviderKind::OpenAi, "gpt-4o-mini-2024-07-18").expect("listed");
        assert_eq!(mini.input, 0.15);
        let full = price(ProviderKind::OpenAi, "gpt-4o-2024-08-06").expect("listed");
        assert_eq!(full.input, 2.50);
        assert_eq!(price(ProviderKind::OpenAiCompatible, "gpt-4o"), None);
        assert_eq!(price(ProviderKind::OpenAi, "my-finetune"), None);
        let usage = Usage {
            input_tokens: 1_000_000,
            output_tokens: 500_000,
            reported: true,
        };
        let dollars =
            cost(ProviderKind::Anthropic, "claude-3-5-haiku-latest", &usage).expect("priced");
        assert!((dollars - 2.8).abs() < 1e-9);
    }
}
