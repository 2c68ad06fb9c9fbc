package dev.colloquy.command.guard;

import static dev.colloquy.command.guard.InjectionSignal.marked;
import static dev.colloquy.command.guard.InjectionSignal.words;

import java.util.List;
import java.util.stream.Stream;

/**
 * The phrasings behind each category of catalogue 10.2-02. Weights follow one rule: naming a topic
 * ("system prompt", "DAN", "[INST]") or asking about it stays below {@link InjectionScan#BLOCK_THRESHOLD},
 * even when two topics meet; telling the model to drop, leave or reveal its own instructions reaches it.
 */
final class InjectionSignals {
    private static final String OVERRIDE = "(?:ignore|forget|disregard|discard|skip|drop|override|overwrite|erase|neglect)";
    private static final String BYPASS = "(?:disregard|bypass|override|ignore|circumvent|evade|break|disable|deactivate"
            + "|turn off|switch off|remove|drop|forget|skip|lift|suspend"
            + "|stop (?:following|obeying|respecting|adhering to)|(?:no longer|dont|do not) (?:follow|obey|respect))";
    private static final String DETERMINERS = "(?:(?:all|any|every|each|of|the|these|those|your|its) )*";
    private static final String EARLIER = "(?:previous|prior|above|earlier|preceding|former|foregoing|original|initial"
            + "|old|existing)";
    // the plural nouns of prompt-speak; "the previous rules about screen time" is about a household
    private static final String DIRECTIVES = "(?:instructions|prompts|directions|directives|commands|programming)";
    private static final String ORDERS = "(?:instruction|prompt|direction|directive|command|orders?|guidance|context|rules?)";
    private static final String GUARDRAILS = "(?:rules?|guidelines?|filters?|filtering|restrictions?|safeguards?"
            + "|guardrails?|polic(?:y|ies)|moderation|ethics|principles|programming|training|alignment|limitations?"
            + "|constraints?|protocols?|safety)";
    private static final String SAFETY = "(?:safety|ethical|ethics|moral|moderation|openai|anthropic)";
    private static final String LIMITS = "(?:restrictions?|limitations?|limits|filters?|filtering|censorship|rules"
            + "|guidelines|boundaries|constraints|safety|morals|ethics)";
    private static final String UNLEASHED = "(?:unrestricted|unfiltered|uncensored|jailbroken|unbound|unchained|liberated"
            + "|amoral|unethical|evil|rogue)";
    private static final String REVEAL = "(?:reveal|show|print|repeat|output|display|tell|give|leak|dump|echo|write out"
            + "|spell out|recite|disclose|share|expose|paste|copy|type out|list)";
    private static final String QUALIFIED = "(?:(?:full|entire|complete|exact|original|initial|hidden|secret|internal"
            + "|confidential|system|developer|starting|first|pre) )+";
    private static final String SECRET = "(?:hidden|secret|internal|confidential|developer)";
    // "your instructions for sourdough", "previous instructions about the release": some task's, not the model's
    private static final String UNLESS_ABOUT = "(?! (?:for|on|about|regarding|how)\\b)";
    // an order opens its sentence; "workers who ignore the safety rules" is a report
    private static final String SENTENCE_START = "(?:^|[.!?;:]\\s)[\\W_]*(?:please |now |just |so )?";
    private static final String ROLE = "(?:system|instructions?|developer|assistant|admin)";
    private static final String END_MARKER = "^[\\W_]*(?:end|close) of (?:the )?(?:system |user |original |previous )?"
            + "(?:prompt|instructions?|input|context|conversation|document|text)\\b";
    private static final String NEW_ORDERS = "[\\W_]*(?:(?:new|updated|real|actual|revised|true) (?:system )?"
            + "(?:instructions?|directives?|rules|task|orders|policy)|(?:system|admin|developer|root) "
            + "(?:override|instructions?))\\s*:";
    // lookaheads from the start keep these linear where "x, then anything, then y" would backtrack
    private static final String BASE64_BLOB =
            "\\A(?=[\\s\\S]*[A-Za-z0-9+/]{40,}={0,2})(?=[\\s\\S]*\\b(?:decode|base ?64|b64)\\b)";

    private InjectionSignals() {}

    static List<InjectionSignal> catalogue() {
        return Stream.of(instructionOverride(), personaHijack(), ruleBypass(), promptExtraction(), jailbreak(),
                        tagInjection(), formatInjection(), delimiterEscape(), encodedPayload())
                .flatMap(List::stream)
                .toList();
    }

    /** Telling the model to drop what it was told. */
    private static List<InjectionSignal> instructionOverride() {
        String category = "instruction_override";
        return List.of(
                words(category, 0.7, OVERRIDE + " " + DETERMINERS + EARLIER + " (?:(?:ai|system|safety|chat) )?"
                        + DIRECTIVES + UNLESS_ABOUT),
                words(category, 0.35, OVERRIDE + " " + DETERMINERS + EARLIER + " " + ORDERS),
                words(category, 0.7, OVERRIDE + " " + DETERMINERS + DIRECTIVES + " (?:(?:that )?you (?:got|were given"
                        + "|have been given|ve been given|received|were told)|(?:given|provided) (?:to you|before|earlier)"
                        + "|above|so far)"),
                words(category, 0.7, OVERRIDE + " (?:all )?(?:of )?(?:your|its) (?:system )?(?:prompt|instructions"
                        + "|programming)"),
                words(category, 0.35, OVERRIDE + " the system (?:prompt|instructions|message)"),
                words(category, 0.55, OVERRIDE + " (?:everything|anything|all|whatever) (?:above"
                        + "|you (?:were|have been|ve been) (?:told|given|instructed|programmed))"),
                words(category, 0.45, "(?:your|the) (?:new|real|actual|true|only) (?:task|instructions?|objective"
                        + "|goal|mission|purpose|directive|job) (?:is|are|now)"));
    }

    /** Replacing who the model is. */
    private static List<InjectionSignal> personaHijack() {
        String category = "persona_hijack";
        return List.of(
                words(category, 0.35, "you (?:are|re) now"),
                words(category, 0.7, "you (?:are|re) now (?:an? |in )?(?:no longer|free|" + UNLEASHED + ")"),
                words(category, 0.6, "you (?:are|re) (?:unlocked|jailbroken|unrestricted|unfiltered|uncensored"
                        + "|liberated)"),
                words(category, 0.6, "you (?:are|re) (?:now )?an? (?:\\w+ )?(?:ai|model|assistant|chatbot|bot|llm"
                        + "|version|entity|system) (?:\\w+ ){0,2}?(?:with no |without (?:any )?)" + LIMITS),
                words(category, 0.6, "you (?:are|re) no longer (?:an? )?(?:ai|assistant|language model|chatbot"
                        + "|chatgpt|claude)"),
                words(category, 0.2, "(?:pretend|imagine|roleplay|role play) (?:to be|you (?:are|re)"
                        + "|that you (?:are|re)|as)"),
                words(category, 0.65, "pretend (?:that )?(?:you|to) (?:have no|dont have|do not have|are not bound"
                        + "|arent bound|are free (?:of|from)|have been (?:freed|released|unlocked))"),
                words(category, 0.75, "(?:act|behave|respond|answer|reply|roleplay|role play|operate|function) "
                        + "(?:as|like) (?:an? |if you (?:are|were) (?:an? )?)?" + UNLEASHED),
                words(category, 0.4, "(?:from now on|henceforth|starting now|for the rest of (?:this|the|our) "
                        + "(?:conversation|chat|session)) (?:you|your)"),
                // jailbreak personas go by acronyms: DAN, AIM, STAN, DUDE
                marked(category, 0.4, "\\b(?:pretend (?:to be|you are|you['\u2019]re)|you are now|you['\u2019]re now"
                        + "|act as|roleplay as|you will be|going to be) (?-i:[A-Z]{3,})\\b"));
    }

    /** Switching off the model's safeguards; "your" is what aims it at the model. */
    private static List<InjectionSignal> ruleBypass() {
        String category = "rule_bypass";
        return List.of(
                words(category, 0.7, BYPASS + " (?:all |any )?(?:of )?(?:your|its) "
                        + "(?:(?:own|current|built in|content|usage|" + SAFETY + ") )*" + GUARDRAILS),
                words(category, 0.65, BYPASS + " " + DETERMINERS + "(?:" + SAFETY + " )?" + GUARDRAILS
                        + " (?:that )?you (?:were|have been|ve been|are|must|follow|have|got|operate)"),
                words(category, 0.45, BYPASS + " (?:all |any |every )?(?:of )?(?:the )?(?:content |usage )?" + SAFETY
                        + " " + GUARDRAILS),
                marked(category, 0.65, SENTENCE_START + BYPASS + " (?:all |any )?(?:of )?the (?:content |usage )?"
                        + SAFETY + " " + GUARDRAILS + "\\b"),
                words(category, 0.25, BYPASS + " (?:all |any )?(?:of )?the (?:content )?" + GUARDRAILS),
                words(category, 0.6, "(?:you|u) (?:have|has|ve got|now have) no (?:more |longer any )?" + LIMITS),
                words(category, 0.55, "(?:not|no longer|never) (?:be )?(?:bound|restricted|limited|constrained"
                        + "|governed) by (?:any |all )?(?:of )?(?:your |the )?(?:\\w+ )?" + GUARDRAILS));
    }

    /** Getting the model to disclose its hidden instructions; asking about them is not demanding them. */
    private static List<InjectionSignal> promptExtraction() {
        String category = "prompt_extraction";
        String toUs = REVEAL + " (?:me |us )?(?:all |back )?(?:of )?";
        return List.of(
                words(category, 0.7, toUs + "(?:your|its) " + QUALIFIED + "(?:prompt|message|instructions|directives)"
                        + UNLESS_ABOUT),
                words(category, 0.6, toUs + "(?:your|its) (?:instructions|directives|rules|guidelines|configuration)"
                        + UNLESS_ABOUT),
                words(category, 0.65, REVEAL + " (?:me |us )?(?:everything|all|whats|what is|anything) "
                        + "(?:in|from|inside|of) (?:your|its) (?:(?:full|system|developer|hidden|secret|initial) )*"
                        + "(?:prompt|instructions|context|system message)"),
                words(category, 0.35, REVEAL + " (?:me |us )?(?:your|its) prompt"),
                words(category, 0.65, toUs + "the (?:(?:full|entire|complete|exact) )*" + SECRET + " (?:\\w+ )?"
                        + "(?:prompt|instructions|message|directives|configuration|rules)"),
                words(category, 0.3, REVEAL + " (?:me )?the system (?:prompt|message|instructions)"),
                words(category, 0.45, "(?:repeat|echo|print|output|recite|copy) (?:back )?(?:all |everything "
                        + "|the (?:\\w+ )?(?:text|words|content|messages?|lines?) )?(?:above|before this|preceding)"),
                words(category, 0.6, "(?:repeat|echo|print|output|recite|tell me|list) (?:back )?(?:everything|all"
                        + "|anything|what) you (?:were|have been|ve been) (?:told|given|instructed|programmed)"),
                words(category, 0.45, "what (?:is|are|was|were|s) your (?:(?:system|initial|original|hidden|secret"
                        + "|first|exact|full) )+(?:prompt|instructions|message|directives)"),
                words(category, 0.55, "(?:contents?|text) of your (?:context(?: window)?|system (?:message|prompt)"
                        + "|prompt|instructions|memory|configuration)"));
    }

    /** The well-known unlock scripts; their names alone are only a topic. */
    private static List<InjectionSignal> jailbreak() {
        String category = "jailbreak";
        return List.of(
                marked(category, 0.2, "(?-i)\\bDAN\\b"),
                words(category, 0.45, "do anything now"),
                words(category, 0.2, "developer mode"),
                words(category, 0.55, "(?:act|acting|respond|answer|behave|simulate|emulate|pretend)(?: \\w+){0,4}? "
                        + "(?:with |in )?developer mode|developer mode (?:output|response)s?"),
                words(category, 0.25, "jailbr(?:eak|eaks|eaking|oken)"),
                words(category, 0.6, "you (?:are|re|ve been|have been) (?:now )?jailbroken"
                        + "|jailbreak (?:mode|enabled|activated|successful)"),
                words(category, 0.6, "(?:answer|respond|reply|speak|talk|behave|act|operate|continue|comply)"
                        + "(?: \\w+){0,4}? without (?:any )?(?:\\w+ )?" + LIMITS),
                words(category, 0.25, "without (?:any )?" + LIMITS),
                words(category, 0.5, "(?:no|without|free (?:of|from)) (?:any )?(?:ethical|moral) (?:guidelines"
                        + "|constraints|boundaries|limits|restrictions|considerations|obligations)"),
                words(category, 0.45, "(?:has|have|with) no (?:ethics|morals|ethical|moral|filters?|restrictions"
                        + "|limits|content polic(?:y|ies)|censorship)"),
                words(category, 0.35, "(?:never|dont|do not|must not|cannot|can not|will not|wont) (?:ever )?"
                        + "(?:refuse|decline)"));
    }

    /** Forged chat-template structure; closing one role and opening another is the forgery. */
    private static List<InjectionSignal> tagInjection() {
        String category = "tag_injection";
        return List.of(
                marked(category, 0.25, "<\\s*/?\\s*(?:system|instructions?|assistant|user|human|developer|sys|im_start"
                        + "|im_end)\\s*>"),
                marked(category, 0.75, "</\\s*(?:system|instructions?|user|human|assistant|prompt|context|input"
                        + "|document|query)\\s*>\\s*<\\s*" + ROLE + "\\s*>"),
                marked(category, 0.25, "<\\|\\s*[a-z_]+\\s*\\|>"),
                marked(category, 0.6, "<\\|(?:im_start\\|>\\s*" + ROLE + "|" + ROLE + "\\|>|start_header_id\\|>\\s*"
                        + ROLE + "\\s*<\\|end_header_id\\|>)[ \\t]*\\r?\\n"));
    }

    /** Instruction-format markers, which forge a turn when they open a line. */
    private static List<InjectionSignal> formatInjection() {
        String category = "format_injection";
        return List.of(
                marked(category, 0.25, "\\[/?(?:inst|sys)\\]|<</?sys>>"),
                marked(category, 0.45, "^\\s*(?:\\[/?(?:inst|sys)\\]|<</?sys>>)"),
                marked(category, 0.45, "^\\s*#{2,}\\s*(?:system|instructions?)\\s*:"),
                marked(category, 0.25, "^\\s*(?:system|assistant)\\s*:"),
                marked(category, 0.25, "^\\s*#{2,}\\s*(?:user|assistant|response|human|input)\\s*:"));
    }

    /** Fake boundaries claiming the user's text has ended; an end marker plus new orders is the attack. */
    private static List<InjectionSignal> delimiterEscape() {
        String category = "delimiter_escape";
        return List.of(
                marked(category, 0.35, END_MARKER),
                marked(category, 0.4, "^" + NEW_ORDERS),
                marked(category, 0.3, "^[\\W_]*(?:system|admin|developer) (?:message|update|notice|command)s?\\s*:"),
                marked(category, 0.65, "\\A(?=[\\s\\S]*?" + END_MARKER + ")(?=[\\s\\S]*?(?:^|[.!?])" + NEW_ORDERS + ")"));
    }

    /** Instructions smuggled as base64 together with an order to decode and obey them. */
    private static List<InjectionSignal> encodedPayload() {
        String category = "encoded_payload";
        return List.of(
                marked(category, 0.25, BASE64_BLOB),
                marked(category, 0.65, BASE64_BLOB
                        + "(?=[\\s\\S]*\\b(?:execute|follow|obey|comply|carry out|act on|do what it says)\\b)"));
    }
}
