package dev.colloquy.command.guard;

import static dev.colloquy.command.guard.InjectionSignal.marked;
import static dev.colloquy.command.guard.InjectionSignal.words;

import java.util.List;

/**
 * The phrasings behind each category of catalogue 10.2-02. Weights follow one rule: naming a topic
 * ("system prompt", "DAN", "[INST]") stays well below {@link InjectionScan#BLOCK_THRESHOLD} even when two
 * topics meet, while telling the model to drop, leave or reveal its instructions reaches it on its own.
 */
final class InjectionSignals {
    private static final String OVERRIDE = "(?:ignore|forget|disregard|discard|skip|drop|override|overwrite|erase|neglect)";
    private static final String BYPASS = "(?:disregard|bypass|override|ignore|circumvent|evade|break|disable|deactivate"
            + "|turn off|switch off|remove|drop|forget|skip|lift|suspend)";
    private static final String EARLIER = "(?:previous|prior|above|earlier|preceding|former|foregoing|original|initial|old|existing|system)";
    private static final String DIRECTIVES = "(?:instructions?|prompts?|directions?|directives?|commands?|orders?|guidance|context|programming|rules?)";
    private static final String GUARDRAILS = "(?:rules?|guidelines?|filters?|filtering|restrictions?|safeguards?|guardrails?"
            + "|polic(?:y|ies)|moderation|ethics|principles|programming|training|alignment|limitations?|constraints?|protocols?|safety)";
    private static final String SAFETY_KIND = "(?:safety|content|ethical|ethics|moral|moderation|usage|openai|anthropic)";
    private static final String REVEAL = "(?:reveal|show|print|repeat|output|display|tell|give|leak|dump|echo|write out|spell out"
            + "|recite|disclose|share|expose|paste|copy|type out|list)";
    private static final String WHOLE = "(?:(?:full|entire|complete|exact|original|initial|hidden|secret|internal|confidential"
            + "|system|developer|starting|first) )*";
    private static final String SECRET = "(?:hidden|secret|internal|confidential|original|initial|developer|pre ?prompt)";
    private static final String UNLEASHED = "(?:unrestricted|unfiltered|uncensored|jailbroken|unbound|unchained|liberated|amoral|unethical|evil|rogue)";
    private static final String LIMITS = "(?:restrictions?|limitations?|limits|filters?|filtering|censorship|rules|guidelines"
            + "|boundaries|constraints|safety|morals|ethics)";
    private static final String NOT_A_TASK = "(?! (?:for|on|about|regarding|how)\\b)";
    private static final String ROLE = "(?:system|instructions?|developer|assistant|admin)";
    private static final String BASE64_BLOB = "(?=[\\s\\S]*[A-Za-z0-9+/]{40,}={0,2})(?=[\\s\\S]*\\b(?:decode|base ?64|b64)\\b)";

    private InjectionSignals() {}

    static List<InjectionSignal> catalogue() {
        return List.of(
                // instruction_override: telling the model to drop what it was told
                words("instruction_override", 0.7, OVERRIDE + " (?:(?:all|any|every|each|of|the|these|those|your|its) )*"
                        + EARLIER + " (?:(?:ai|system|safety|chat) )?" + DIRECTIVES),
                words("instruction_override", 0.55, OVERRIDE + " (?:everything|anything|all|whatever) (?:above"
                        + "|you (?:were|have been|ve been) (?:told|given|instructed|programmed)"
                        + "|(?:i |we )?(?:said|written|stated) (?:above|before|earlier|previously|so far))"),
                words("instruction_override", 0.45, "(?:your|the) (?:new|real|actual|true|only) (?:task|instructions?|objective"
                        + "|goal|mission|purpose|directive|job) (?:is|are|now)"),

                // persona_hijack: replacing who the model is
                words("persona_hijack", 0.35, "you (?:are|re) now"),
                words("persona_hijack", 0.7, "you (?:are|re) now (?:an? |in )?(?:no longer|free|" + UNLEASHED + ")"),
                words("persona_hijack", 0.6, "you (?:are|re) no longer (?:an? )?(?:ai|assistant|language model|chatbot|chatgpt|claude)"),
                words("persona_hijack", 0.2, "(?:pretend|imagine|roleplay|role play) (?:to be|you (?:are|re)|that you (?:are|re)|as)"),
                words("persona_hijack", 0.65, "pretend (?:that )?(?:you|to) (?:have no|dont have|do not have|are not bound|arent bound"
                        + "|are free (?:of|from)|have been (?:freed|released|unlocked))"),
                words("persona_hijack", 0.75, "(?:act|behave|respond|answer|reply|roleplay|role play|operate|function) (?:as|like) "
                        + "(?:an? |if you (?:are|were) (?:an? )?)?" + UNLEASHED),
                words("persona_hijack", 0.4, "(?:from now on|henceforth|starting now|for the rest of (?:this|the|our) "
                        + "(?:conversation|chat|session)) (?:you|your)"),

                // rule_bypass: switching off the model's safeguards
                words("rule_bypass", 0.7, BYPASS + " (?:all |any )?(?:of )?(?:your|its) (?:(?:own|current|built in|"
                        + SAFETY_KIND + ") )*" + GUARDRAILS),
                words("rule_bypass", 0.65, BYPASS + " (?:all |any |every )?(?:of )?(?:the )?" + SAFETY_KIND + " " + GUARDRAILS),
                words("rule_bypass", 0.65, BYPASS + " (?:all |any )?(?:of )?the " + GUARDRAILS
                        + " (?:that )?you (?:were|have been|ve been|are|must|follow|have|got|operate)"),
                words("rule_bypass", 0.25, BYPASS + " (?:all |any )?(?:of )?the " + GUARDRAILS),
                words("rule_bypass", 0.6, "(?:you|u) (?:have|has|ve got|now have) no (?:more |longer any )?" + LIMITS),
                words("rule_bypass", 0.55, "(?:not|no longer|never) (?:be )?(?:bound|restricted|limited|constrained|governed) by "
                        + "(?:any |all )?(?:of )?(?:your |the )?(?:\\w+ )?" + GUARDRAILS),

                // prompt_extraction: getting the model to disclose its hidden instructions
                words("prompt_extraction", 0.7, REVEAL + " (?:me |us )?(?:all |back )?(?:of )?(?:your|its) " + WHOLE
                        + "(?:system prompt|prompt|system message|pre ?prompt|initial message)"),
                words("prompt_extraction", 0.6, REVEAL + " (?:me |us )?(?:all |back )?(?:of )?(?:your|its) " + WHOLE
                        + "(?:instructions|directives|rules|guidelines|configuration)" + NOT_A_TASK),
                words("prompt_extraction", 0.65, REVEAL + " (?:me |us )?(?:all |back )?(?:of )?the " + WHOLE + SECRET
                        + " (?:\\w+ )?(?:prompt|instructions|message|directives|configuration|rules)"),
                words("prompt_extraction", 0.3, REVEAL + " (?:me )?the system (?:prompt|message|instructions)"),
                words("prompt_extraction", 0.45, "(?:repeat|echo|print|output|recite|copy) (?:back )?(?:all |everything "
                        + "|the (?:\\w+ )?(?:text|words|content|messages?|lines?) )?(?:above|before this|preceding)"),
                words("prompt_extraction", 0.6, "(?:repeat|echo|print|output|recite|tell me|list) (?:back )?(?:everything|all"
                        + "|anything|what) you (?:were|have been|ve been) (?:told|given|instructed|programmed)"),
                words("prompt_extraction", 0.5, "what (?:is|are|was|were|s) your " + WHOLE
                        + "(?:prompt|instructions|system message|directives)" + NOT_A_TASK),
                words("prompt_extraction", 0.55, "(?:contents?|text) of your (?:context(?: window)?|system (?:message|prompt)"
                        + "|prompt|instructions|memory|configuration)"),

                // jailbreak: the well-known unlock scripts
                marked("jailbreak", 0.2, "(?-i)\\bDAN\\b"),
                words("jailbreak", 0.45, "do anything now"),
                words("jailbreak", 0.2, "developer mode"),
                words("jailbreak", 0.55, "(?:act|acting|respond|answer|behave|simulate|emulate|pretend)(?: \\w+){0,4}? "
                        + "(?:with |in )?developer mode|developer mode (?:output|response)s?"),
                words("jailbreak", 0.25, "jailbr(?:eak|eaks|eaking|oken)"),
                words("jailbreak", 0.6, "you (?:are|re|ve been|have been) (?:now )?jailbroken|jailbreak (?:mode|enabled|activated|successful)"),
                words("jailbreak", 0.6, "(?:answer|respond|reply|speak|talk|behave|act|operate|continue|comply)(?: \\w+){0,4}? "
                        + "without (?:any )?(?:\\w+ )?" + LIMITS),
                words("jailbreak", 0.25, "without (?:any )?" + LIMITS),
                words("jailbreak", 0.5, "(?:no|without|free (?:of|from)) (?:any )?(?:ethical|moral) (?:guidelines|constraints"
                        + "|boundaries|limits|restrictions|considerations|obligations)"),
                words("jailbreak", 0.45, "(?:has|have|with) no (?:ethics|morals|ethical|moral|filters?|restrictions|limits"
                        + "|content polic(?:y|ies)|censorship)"),
                words("jailbreak", 0.35, "(?:never|dont|do not|must not|cannot|can not|will not|wont) (?:ever )?(?:refuse|decline)"),

                // tag_injection: forged chat-template structure
                marked("tag_injection", 0.25, "<\\s*/?\\s*(?:system|instructions?|assistant|user|human|developer|sys|im_start|im_end)\\s*>"),
                marked("tag_injection", 0.75, "</\\s*(?:system|instructions?|user|human|assistant|prompt|context|input|document|query)\\s*>"
                        + "\\s*<\\s*" + ROLE + "\\s*>"),
                marked("tag_injection", 0.25, "<\\|\\s*[a-z_]+\\s*\\|>"),
                marked("tag_injection", 0.6, "<\\|(?:im_start\\|>\\s*" + ROLE + "|" + ROLE + "\\|>|start_header_id\\|>\\s*"
                        + ROLE + "\\s*<\\|end_header_id\\|>)[ \\t]*\\r?\\n"),

                // format_injection: instruction-format markers, which forge a turn when they open a line
                marked("format_injection", 0.25, "\\[/?(?:inst|sys)\\]|<</?sys>>"),
                marked("format_injection", 0.5, "^\\s*(?:\\[/?(?:inst|sys)\\]|<</?sys>>)"),
                marked("format_injection", 0.5, "^\\s*#{2,}\\s*(?:system|instructions?|user|assistant|response|human)\\s*:"),

                // delimiter_escape: fake boundaries that claim the user's text has ended
                marked("delimiter_escape", 0.55, "^[\\W_]*(?:end|close) of (?:the )?(?:system |user |original |previous )?"
                        + "(?:prompt|instructions?|input|context|conversation|document|text)\\b"),
                marked("delimiter_escape", 0.55, "^[\\W_]*(?:begin|start) (?:of )?(?:new |real |actual |updated )?(?:system )?"
                        + "(?:instructions?|prompt)\\b"),
                marked("delimiter_escape", 0.45, "^[\\W_]*(?:new|updated|real|actual|revised|additional|true) (?:system )?"
                        + "(?:instructions?|directives?|rules|task|orders|policy)\\s*:"),
                marked("delimiter_escape", 0.5, "^[\\W_]*(?:system|admin|administrator|developer|root|sudo) "
                        + "(?:override|message|update|notice|command|instruction|mode)s?\\s*:"),

                // encoded_payload: instructions smuggled as base64 with an order to decode and obey them
                marked("encoded_payload", 0.25, "\\A" + BASE64_BLOB),
                marked("encoded_payload", 0.65, "\\A" + BASE64_BLOB
                        + "(?=[\\s\\S]*\\b(?:execute|follow|obey|run|comply|carry out|act on|do what it says)\\b)"));
    }
}
