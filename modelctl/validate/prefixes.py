"""Provider prefixes (``litellm_params.model: <prefix>/<model>``): known to LiteLLM, or a typo."""

from __future__ import annotations

from modelctl.validate.report import Findings

#: LiteLLM provider prefixes (``litellm_params.model: <prefix>/<model>``); the prefixes of the
#: providers declared in providers.yaml are added to these.
KNOWN_PREFIXES: frozenset[str] = frozenset(
    {
        "ai21",
        "ai21_chat",
        "aiml",
        "aiohttp_openai",
        "amazon_nova",
        "anthropic",
        "anthropic_text",
        "anyscale",
        "assemblyai",
        "azure",
        "azure_ai",
        "azure_text",
        "baseten",
        "bedrock",
        "bytez",
        "cerebras",
        "chatgpt",
        "clarifai",
        "cloudflare",
        "codestral",
        "cohere",
        "cohere_chat",
        "custom",
        "custom_openai",
        "dashscope",
        "databricks",
        "deepgram",
        "deepinfra",
        "deepseek",
        "elevenlabs",
        "empower",
        "featherless_ai",
        "fireworks_ai",
        "friendliai",
        "galadriel",
        "gemini",
        "github",
        "github_copilot",
        "gradient_ai",
        "groq",
        "heroku",
        "hosted_vllm",
        "huggingface",
        "hyperbolic",
        "infinity",
        "jina_ai",
        "lambda_ai",
        "litellm_proxy",
        "llamafile",
        "lm_studio",
        "meta_llama",
        "minimax",
        "mistral",
        "moonshot",
        "morph",
        "nano-gpt",
        "nebius",
        "nlp_cloud",
        "novita",
        "nscale",
        "nvidia_nim",
        "oci",
        "ollama",
        "ollama_chat",
        "oobabooga",
        "openai",
        "openai_like",
        "openrouter",
        "ovhcloud",
        "perplexity",
        "petals",
        "poe",
        "predibase",
        "recraft",
        "replicate",
        "sagemaker",
        "sagemaker_chat",
        "sambanova",
        "snowflake",
        "text-completion-codestral",
        "text-completion-openai",
        "together_ai",
        "triton",
        "vercel_ai_gateway",
        "vertex_ai",
        "vertex_ai_beta",
        "vllm",
        "volcengine",
        "voyage",
        "watsonx",
        "watsonx_text",
        "xai",
        "xinference",
        "zai",
    }
)


def check_prefix(findings: Findings, place: str, index: int, model: str, known: frozenset[str]) -> None:
    prefix, sep, rest = model.partition("/")
    where = f"{place}.litellm_params.model"
    if not sep:
        findings.add(
            "info",
            where,
            f"{model!r} has no provider prefix; LiteLLM infers the provider from the model name",
            index,
        )
    elif prefix not in known:
        close = [p for p in sorted(known) if _similar(prefix, p)]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        findings.add("warning", where, f"unknown LiteLLM provider prefix {prefix!r}{hint}", index)
    elif not rest:
        findings.add("error", where, f"{model!r} names no model after the provider prefix", index)


def _similar(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 2:
        return False
    import difflib

    return difflib.SequenceMatcher(a=a, b=b).ratio() >= 0.8
