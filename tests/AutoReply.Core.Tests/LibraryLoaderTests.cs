using AutoReply.Core.Library;

namespace AutoReply.Core.Tests;

public sealed class LibraryLoaderTests
{
    /// Every message a library needs, and nothing else: the start of a test library.
    internal const string Complete = """
        messages:
          ack.open: { en: "within {reply_within}" }
          ack.later: { en: "by {reply_by}" }
          ack.closed: { en: "closed, by {reply_by}" }
          optout.confirmed: { en: "bye" }
          optin.confirmed: { en: "hi again" }
          match.did_you_mean: { en: "which?" }
          disclosure: { en: "I am a bot." }
          payment_data.notice: { en: "No card numbers in chat, please." }
        """;

    [Fact]
    public void The_shipped_dialogs_load()
    {
        var result = LibraryLoader.Load(SampleLibrary.Files(), "en");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(["de", "en", "fi"], result.Library!.Languages);
    }

    [Fact]
    public void A_complete_library_loads_and_falls_back_to_the_default_language()
    {
        var result = LibraryLoader.Load([new LibraryFile("m.yaml", Complete)], "en");
        Assert.True(result.Ok);
        Assert.Equal("bye", result.Library!.Message(MessageKeys.OptOutConfirmed, "de").Render(_ => null));
    }

    [Fact]
    public void A_yaml_syntax_error_is_reported_with_file_and_line()
    {
        var result = LibraryLoader.Load([new LibraryFile("dialogs/bad.yaml", "messages:\n  ack.open:\n    en: \"unclosed\n")], "en");
        Assert.Null(result.Library);
        var error = Assert.Single(result.Errors, e => e.File == "dialogs/bad.yaml");
        Assert.StartsWith("dialogs/bad.yaml:", error.ToString());
        Assert.Contains("YAML syntax", error.Reason);
        Assert.True(error.Line >= 3, $"line {error.Line}");
    }

    [Fact]
    public void Every_error_is_reported_with_its_line_and_no_library_is_returned()
    {
        var text = Complete + """

            other: 1
            """;
        var broken = text.Replace("within {reply_within}", "within {reply_in}").Replace("optin.confirmed: { en:", "optin.confirmed: { EN:");
        var second = new LibraryFile("n.yaml", "messages:\n  optout.confirmed: { en: \"twice\" }\n");
        var result = LibraryLoader.Load([new LibraryFile("m.yaml", broken), second], "en");

        Assert.Null(result.Library);
        var lines = result.Errors.Select(e => e.ToString()).ToArray();
        Assert.Contains(lines, l => l.StartsWith("m.yaml:2:") && l.Contains("unknown variable '{reply_in}'"));
        Assert.Contains(lines, l => l.StartsWith("m.yaml:6:") && l.Contains("'EN' is not a language code"));
        Assert.Contains(lines, l => l.StartsWith("n.yaml:2:") && l.Contains("duplicate message 'optout.confirmed'"));
        Assert.Contains(lines, l => l.StartsWith("m.yaml:10:") && l.Contains("unknown section 'other'"));
        Assert.Contains(lines, l => l.Contains("message 'optin.confirmed' has no text in the default language 'en'"));
    }

    [Fact]
    public void A_key_twice_in_one_file_is_a_yaml_error_on_its_line()
    {
        var result = LibraryLoader.Load([new LibraryFile("m.yaml", Complete + "\n  optin.confirmed: { en: \"again\" }\n")], "en");
        var error = Assert.Single(result.Errors);
        Assert.Equal(10, error.Line);
        Assert.Contains("Duplicate key", error.Reason);
    }

    [Fact]
    public void A_missing_required_message_is_an_error()
    {
        var result = LibraryLoader.Load([new LibraryFile("m.yaml", Complete.Replace("  optin.confirmed: { en: \"hi again\" }", ""))], "en");
        Assert.Contains(result.Errors, e => e.ToString() == "m.yaml: required message 'optin.confirmed' is missing (add it under messages:)");
    }

    /// The optional messages load: flow.handoff_angry (session 24) was sent but not known to the loader, so a library that
    /// wrote it, as the README says it may, failed to load.
    [Fact]
    public void An_optional_message_loads()
    {
        var result = LibraryLoader.Load([new LibraryFile("m.yaml", Complete + "\n  flow.handoff_angry: { en: \"Sorry! A colleague replies by {reply_by}.\" }\n")], "en");
        Assert.Empty(result.Errors);
        Assert.True(result.Library!.Messages.ContainsKey(MessageKeys.FlowHandOffAngry));
    }

    /// A message the service never sends is a misspelt one it does: its text would never go out.
    [Fact]
    public void An_unknown_message_is_an_error_at_its_line()
    {
        var result = LibraryLoader.Load([new LibraryFile("m.yaml", Complete + "\n  csat.questoin: { en: \"How did we do?\" }\n")], "en");
        var error = Assert.Single(result.Errors);
        Assert.Equal(("m.yaml", 10), (error.File, error.Line));
        Assert.StartsWith("unknown message 'csat.questoin': the service sends ack.also, ack.angry, ack.closed, ack.later", error.Reason);
    }

    [Fact]
    public void Saved_replies_load_and_their_mistakes_are_reported_with_file_and_line()
    {
        const string replies = """
            saved_replies:
              greeting:
                title: Taking over
                text: { en: "Hi {name}, {agent} here.", de: "Hallo {name}, hier ist {agent}." }
              broken:
                text: { en: "Your parcel {tracking_code} left today." }
              german-only:
                title: Nur Deutsch
                text: { de: "Hallo" }
            """;
        var result = LibraryLoader.Load([new LibraryFile("m.yaml", Complete), new LibraryFile("dialogs/saved.yaml", replies)], "en");
        Assert.Null(result.Library);
        Assert.Contains(result.Errors, e => e.ToString() == "dialogs/saved.yaml:5: saved reply 'broken' has no title");
        Assert.Contains(result.Errors, e => e.File == "dialogs/saved.yaml" && e.Line == 6 && e.Reason.StartsWith("saved reply 'broken': unknown variable '{tracking_code}'"));
        Assert.Contains(result.Errors, e => e.ToString() == "dialogs/saved.yaml:7: saved reply 'german-only' has no text in the default language 'en'");

        var good = LibraryLoader.Load([new LibraryFile("m.yaml", Complete), new LibraryFile("dialogs/saved.yaml", replies[..replies.IndexOf("  broken:")])], "en");
        Assert.True(good.Ok, string.Join("\n", good.Errors));
        var greeting = good.Library!.SavedReplies["greeting"];
        Assert.Equal(("Hallo Ana, hier ist Lee.", 0), (greeting.Render("de", v => v == "name" ? "Ana" : "Lee").Text, 0));
        // The customer's name may be missing (the greeting reads without it); any other value may not.
        Assert.Equal(("Hi, Lee here.", 0), (greeting.Render("en", v => v == "agent" ? "Lee" : null).Text, 0));
        Assert.Equal(["agent"], greeting.Render("en", v => v == "name" ? "Ana" : null).Missing);
        // A text that opens with the name reads without it (a review of session 35: ", thanks for waiting")
        Assert.Equal("Thanks for waiting, Lee here.", Template.Parse("{name}, thanks for waiting, {agent} here.").Render(v => v == "agent" ? "Lee" : ""));
    }
}

/// Issue 12: `autoreply check` says when a library is too small or too overlapping to be trusted, and what to add.
public sealed class LibraryAdviceTests
{
    [Fact]
    public void A_small_overlapping_library_without_out_of_scope_examples_is_told_what_to_add()
    {
        var advice = LibraryAdvice.Check(SampleLibrary.Shop, outOfScope: []).Advice;
        Assert.Contains(advice, a => a.Contains("answer 'gift-cards' has few examples (de 4, en 4)"));
        Assert.Contains(advice, a => a.StartsWith("no out_of_scope examples"));
        Assert.Contains(advice, a => a.Contains("overlap:") && a.Contains("give each the words that tell them apart"));
        Assert.Contains(advice, a => a.StartsWith("an example held out is matched to its own answer"));
    }

    /// The share of examples held out that find their own answer is given whatever it is (QA rounds 32 and 33: it showed only
    /// as the warning under 80%, and the README has a brand work until it stops rising); under 80% the warning says so too.
    [Fact]
    public void The_held_out_share_is_given_above_the_warning_too()
    {
        var (advice, heldOut) = LibraryAdvice.Check(SampleLibrary.Shop, outOfScope: []);
        Assert.InRange(heldOut!.Value, 0.01, 0.8);
        Assert.Contains(advice, a => a.StartsWith("an example held out is matched to its own answer"));

        var distinct = LibraryLoader.Load([new LibraryFile("m.yaml", LibraryLoaderTests.Complete), new LibraryFile("a.yaml", """
            answers:
              - id: opening-hours
                examples: { en: [when are you open, opening hours, what time do you open, are you open on sunday, what are your hours, open today, when do you close, closing time, hours on saturday, are you open late] }
                replies: { en: ["Mon–Fri 9–18."] }
              - id: parking
                examples: { en: [where can i park, is there parking, parking spaces, car park nearby, do you have parking, parking for customers, where to leave my car, free parking, parking garage, park my car] }
                replies: { en: ["Six spaces behind the building."] }
              - id: gift-cards
                examples: { en: [gift card, do you sell gift cards, voucher, buy a voucher, gift voucher, gift card balance, gift certificate, present card, voucher for a friend, gift card online] }
                replies: { en: ["Gift cards from 20 €."] }
            """)], "en").Library!;
        var (clean, share) = LibraryAdvice.Check(distinct, outOfScope: []);
        Assert.InRange(share!.Value, 0.8, 1.0);
        Assert.DoesNotContain(clean, a => a.StartsWith("an example held out is matched to its own answer"));
    }

    /// `check --detail all`: every overlapping pair (without it, the first eight and a count), and each answer whose examples
    /// held out were taken for others, most often first (QA rounds 25 and 26: "21 more pairs overlap as much" left the brand
    /// working through the warnings blind).
    [Fact]
    public void In_detail_every_overlapping_pair_and_each_answers_examples_taken_for_others_are_listed()
    {
        var brief = LibraryAdvice.Check(SampleLibrary.Shop, outOfScope: []).Advice;
        var detail = LibraryAdvice.Check(SampleLibrary.Shop, outOfScope: [], detail: true).Advice;
        Assert.DoesNotContain(brief, a => a.StartsWith("answer '"));
        var perAnswer = detail.Where(a => a.StartsWith("answer '")).ToList();
        Assert.NotEmpty(perAnswer);
        Assert.Matches(@"^answer '[\w-]+': \d+ of its \d+ examples held out (?:was|were) taken for others \('[\w-]+' \d+", perAnswer[0]);
        Assert.True(detail.Count(a => a.Contains("overlap:")) >= brief.Count(a => a.Contains("overlap:")));
        // The sample shop has more overlapping pairs than the brief list names: the count line points to the detail, which has them all.
        var more = Assert.Single(brief, a => a.Contains("more pairs of answers overlap as much"));
        Assert.Contains("--detail all", more);
        Assert.Equal(brief.Count(a => a.Contains("overlap:")) + int.Parse(more.Split(' ')[0]), detail.Count(a => a.Contains("overlap:")));
        Assert.DoesNotContain(detail, a => a.Contains("more pairs of answers overlap as much"));
    }

    /// A flow step without a language the flow's other steps speak answers that customer in the default language in the
    /// middle of their own: the sample shop's order-not-found step once told a Finn "I couldn't find order … by huomenna 11:00".
    [Fact]
    public void A_flow_step_missing_a_language_its_other_steps_have_is_named()
    {
        Assert.Empty(LibraryAdvice.MissingTranslations(SampleLibrary.Shop));

        var files = SampleLibrary.Files((name, text) => name != "order-status.yaml" ? text
            : string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("fi: \"En löydä tilausta", StringComparison.Ordinal))));
        var library = LibraryLoader.Load(files, "en").Library!;
        var advice = Assert.Single(LibraryAdvice.MissingTranslations(library));
        Assert.Contains("order-status.yaml:", advice);
        Assert.Contains("flow 'order-status' step 'unknown' has no fi text", advice);
    }

    /// The word each language's disclosure tells customers to write gets the library's way to a person; one that does not
    /// is named, with what to add (the sample's "ihminen" did not, until session 31).
    [Fact]
    public void A_disclosure_word_that_does_not_reach_the_way_to_a_person_is_named()
    {
        Assert.Empty(LibraryAdvice.DisclosureWordsReachAPerson(SampleLibrary.Shop));

        var files = SampleLibrary.Files((name, text) => name != "general.yaml" ? text : text.Replace("haluan puhua ihmiselle, ihminen, ", "haluan puhua ihmiselle, "));
        var library = LibraryLoader.Load(files, "en").Library!;
        var advice = Assert.Single(LibraryAdvice.DisclosureWordsReachAPerson(library));
        Assert.StartsWith("the fi disclosure tells customers to write \"ihminen\"", advice);
        Assert.Contains("add \"ihminen\" to the fi examples of 'talk-to-person'", advice);
    }

    /// A brand's own word for a person, which asks for nobody by itself ("baker"), counts when the disclosure's sentence
    /// names a person (QA round 13: the check said nothing, and "baker" got the jobs answer); "STOP" to opt out does not.
    [Fact]
    public void A_brands_own_disclosure_word_is_checked_when_its_sentence_names_a_person()
    {
        var files = SampleLibrary.Files((name, text) => name != "messages.yaml" ? text
            : text.Replace(""" Write \"agent\" any time to reach a person.""", """ Write \"baker\" any time to reach a person. Write \"STOP\" to opt out."""));
        var library = LibraryLoader.Load(files, "en").Library!;
        var advice = Assert.Single(LibraryAdvice.DisclosureWordsReachAPerson(library));
        Assert.StartsWith("the en disclosure tells customers to write \"baker\"", advice);

        // A sentence about something else the team does is no way to a person, though it names the team (a review of session 32).
        var stop = LibraryLoader.Load(SampleLibrary.Files((name, text) => name != "messages.yaml" ? text
            : text.Replace(""" Write \"agent\" any time to reach a person.""", """ Write \"agent\" any time to reach a person. Reply \"STOP\" to get no more messages from our team.""")), "en").Library!;
        Assert.Empty(LibraryAdvice.DisclosureWordsReachAPerson(stop));
    }

    /// A quick reply that is no answer's title, and that the library would not answer as typed text, is named: tapped, it
    /// would hand the customer to a person (QA round 17). The sample greeting's labels are titles.
    [Fact]
    public void A_quick_reply_that_leads_nowhere_is_named()
    {
        Assert.Empty(LibraryAdvice.QuickRepliesLeadingNowhere(SampleLibrary.Shop));

        var files = SampleLibrary.Files((name, text) => name != "general.yaml" ? text : text.Replace("\"Miten palautan tuotteen?\"", "\"Lahjapaketointi\""));
        var library = LibraryLoader.Load(files, "en").Library!;
        var advice = Assert.Single(LibraryAdvice.QuickRepliesLeadingNowhere(library));
        Assert.Contains("answer 'greeting' offers the fi quick reply \"Lahjapaketointi\", which is no answer's title", advice);
    }

    /// A file that holds nothing loads without an error, and is named for `autoreply check` to warn of (a file saved empty by
    /// mistake takes its answers with it; QA round 17 found it accepted silently).
    [Fact]
    public void A_file_that_holds_nothing_is_named()
    {
        var result = LibraryLoader.Load([new LibraryFile("m.yaml", LibraryLoaderTests.Complete), new LibraryFile("empty.yaml", ""), new LibraryFile("comments.yaml", "# later\n")], "en");
        Assert.True(result.Ok);
        Assert.Equal(["comments.yaml", "empty.yaml"], result.EmptyFiles);
        Assert.Empty(LibraryLoader.Load([new LibraryFile("m.yaml", LibraryLoaderTests.Complete)], "en").EmptyFiles);
    }

    /// The suggestion's line must name the answer, and its variables are checked as a required message's are.
    [Fact]
    public void The_suggestions_line_must_name_the_answer_and_use_known_variables()
    {
        LibraryLoadResult With(string text) => LibraryLoader.Load([new LibraryFile("m.yaml", LibraryLoaderTests.Complete + "\n  ack.suggest: { en: \"" + text + "\" }\n")], "en");
        Assert.Empty(With("About {answer}? Choose it.").Errors);
        Assert.Contains(With("About {answr}? Choose it.").Errors, e => e.Reason.Contains("unknown variable '{answr}'"));
        Assert.Contains(With("Choose it.").Errors, e => e.Reason == "message 'ack.suggest' (en) must name the suggested answer with {answer}");
    }
}

/// What an operator gets wrong in a library that still loads: a step no path reaches (its {variable} would go out as
/// "{email}"), a language with examples but no reply, one example under two answers or under out_of_scope too.
public sealed class LibraryMistakeAdviceTests
{
    static DialogLibrary Load(string yaml)
    {
        var result = LibraryLoader.Load([new LibraryFile("m.yaml", LibraryLoaderTests.Complete.Replace("disclosure: { en: \"I am a bot.\" }",
            "disclosure: { en: \"I am a bot.\", de: \"Ich bin ein Bot.\" }\n  flow.cancelled: { en: \"ok\" }\n  flow.handoff: { en: \"a person\" }")),
            new LibraryFile("x.yaml", yaml)], "en");
        return result.Library ?? throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    /// A language an answer has a title or replies in but no examples is named with what it means (QA round 17: "fi 0" read
    /// as if every answer needed Finnish): a DM in it never finds the answer.
    [Fact]
    public void A_language_with_a_title_but_no_examples_is_explained()
    {
        var library = Load("""
            answers:
              - id: payment
                title: { en: "Payment", de: "Bezahlung" }
                examples: { en: [how can i pay, do you take paypal, can i pay by card, pay by invoice, payment options] }
                replies: { en: ["Card, PayPal or invoice."] }
            """);
        var advice = Assert.Single(LibraryAdvice.Check(library, outOfScope: []).Advice, a => a.Contains("answer 'payment' has few examples"));
        Assert.Contains("(de 0, en 5)", advice);
        Assert.Contains("with none in de (a title or replies only), a DM in de never finds this answer", advice);
    }

    /// A reply that opens with a bare yes is named: it tells yes to every customer the answer reaches, also one who asks what it
    /// does not cover (QA round 68: "kann man nen gutschein auch an jemand anders weitergeben" heard "Ja!"). Not "Yesterday …",
    /// nor an answer that hands off (it acknowledges a request).
    [Fact]
    public void A_reply_opening_with_a_bare_yes_is_named()
    {
        var library = Load("""
            answers:
              - id: vouchers
                examples: { en: [do you sell vouchers, gift card, voucher price, buy a voucher, gift voucher], de: [gutschein kaufen, gibt es gutscheine, gutschein preis, geschenkgutschein, gutschein bestellen] }
                replies: { en: ["Yes! Vouchers start at 50 €."], de: ["Gutscheine gibt es ab 50 €."] }
              - id: news
                examples: { en: [what is new, any news, latest news, new products, whats new] }
                replies: { en: ["Yesterday we opened our second shop."] }
              - id: callback
                handoff: true
                examples: { en: [call me back, can you call me, phone me, ring me, callback please] }
                replies: { en: ["Yes, a colleague will call you."] }
            """);
        var advice = Assert.Single(LibraryAdvice.Check(library, []).Advice, a => a.Contains("reply with"));
        Assert.StartsWith("x.yaml:2: answer 'vouchers' opens its en reply with \"Yes\"", advice);
    }

    /// A reply time promised by an answer that hands nothing to a person (QA round 13: "We will reply by today 16:39" with
    /// nobody in the queue).
    [Fact]
    public void An_answer_that_promises_a_reply_time_without_a_hand_off_is_named()
    {
        var library = Load("""
            answers:
              - id: jobs
                examples: { en: [are you hiring, any jobs, work for you, open positions, job openings] }
                replies: { en: ["We will reply by {reply_by}. Our jobs are on our site."] }
              - id: complaint
                handoff: true
                examples: { en: [i want to complain, complaint, this is bad, not happy, very disappointed] }
                replies: { en: ["Sorry! A person replies by {reply_by}."] }
            """);
        var advice = Assert.Single(LibraryAdvice.Check(library, []).Advice, a => a.Contains("promises a reply"));
        Assert.StartsWith("x.yaml:2: answer 'jobs' promises a reply ({reply_by}) but does not hand off", advice);
    }

    /// A question's or retry's example value that its own step refuses is named (QA round 61: "+44 7700 900123", a number
    /// kept for films, as the example of a phone step); numbers the step takes, and order numbers its pattern takes, are not.
    [Fact]
    public void An_example_value_its_own_step_refuses_is_named()
    {
        var library = Load("""
            flows:
              - id: callback
                steps:
                  - id: phone
                    ask: phone
                    prompt: { en: "Which number? From abroad with the country code, e.g. +44 20 7946 0018.", de: "Welche Nummer, z. B. 0171 2345678?" }
                    retry: { en: "That is no phone number. For example: +44 7700 900123.", de: "Keine Nummer. Zum Beispiel +49 171 2345678." }
                    save: phone
                  - { id: done, handoff: { reason: callback } }
              - id: status
                steps:
                  - { id: number, ask: order_number, pattern: 'LL-?\d{4}', prompt: { en: "Your booking number (e.g. LL-7723)?" }, retry: { en: "It looks like LL7723 or BK-12345." }, save: number }
                  - { id: done, handoff: { reason: status } }
            """);
        var advice = LibraryAdvice.ExampleValuesAStepRefuses(library, "DE").ToList();
        Assert.Equal(2, advice.Count);
        Assert.StartsWith("x.yaml:4: flow 'callback' step 'phone' gives \"+44 7700 900123\" as an example in its en retry, but takes it for no phone number", advice[0]);
        Assert.StartsWith("x.yaml:12: flow 'status' step 'number' gives \"BK-12345\" as an example in its en retry, but its pattern does not take it", advice[1]);
    }

    /// A flow only a person can finish goes to a person when left, by default; one with an end of its own does not; on_lapse
    /// says otherwise, and anything but handoff or end is an error at its line.
    [Fact]
    public void On_lapse_defaults_to_a_person_for_flows_only_a_person_can_finish()
    {
        var library = Load("""
            flows:
              - id: callback
                steps:
                  - { id: when, ask: datetime, prompt: { en: "When?" }, save: when }
                  - { id: done, handoff: { reason: callback } }
              - id: status
                steps:
                  - { id: number, ask: order_number, pattern: 'A-\d{4}', prompt: { en: "Number?" }, save: number }
                  - id: check
                    branch:
                      - { if: "number == A-0000", goto: end }
                      - { else: person }
                  - { id: person, handoff: { reason: unknown } }
              - id: quiet
                on_lapse: end
                steps:
                  - { id: when, ask: datetime, prompt: { en: "When?" }, save: when }
                  - { id: done, handoff: { reason: callback } }
              - id: survey
                on_lapse: handoff
                steps:
                  - { id: happy, ask: yesno, prompt: { en: "Happy?" }, save: happy }
                  - { id: bye, end: { en: "Thanks!" } }
            """);
        Assert.True(library.Flows["callback"].HandsOffWhenLapsed);
        Assert.False(library.Flows["status"].HandsOffWhenLapsed);   // a branch to "end" is a way out without a person
        Assert.False(library.Flows["quiet"].HandsOffWhenLapsed);
        Assert.True(library.Flows["survey"].HandsOffWhenLapsed);

        var bad = LibraryLoader.Load([new LibraryFile("x.yaml", """
            flows:
              - id: callback
                on_lapse: remind
                steps:
                  - { id: when, ask: datetime, prompt: { en: "When?" }, save: when }
            """)], "en");
        Assert.Contains(bad.Errors, e => e.ToString() == "x.yaml:3: flow 'callback': on_lapse is handoff or end");
    }

    [Fact]
    public void A_step_that_no_path_reaches_is_named()
    {
        var library = Load("""
            flows:
              - id: booking
                steps:
                  - { id: when, ask: datetime, prompt: { en: "When?" }, save: when }
                  - id: check
                    branch:
                      - { if: "when == never", goto: done }
                      - { else: done }
                  - { id: email, ask: email, prompt: { en: "Your e-mail?" }, save: email }
                  - { id: done, end: { en: "We confirm to {email}." } }
                  - { id: sorry, handoff: { en: "A person takes over." } }
                  - id: look
                    lookup: stock
                    save: stock
                    on_failure: sorry
            """);
        var advice = LibraryAdvice.UnreachableSteps(library).ToList();
        Assert.Equal(3, advice.Count);
        Assert.Contains(advice, a => a.StartsWith("x.yaml:") && a.Contains("flow 'booking' step 'email' is never reached"));
        Assert.Contains(advice, a => a.Contains("step 'look' is never reached"));
        Assert.Contains(advice, a => a.Contains("step 'sorry' is never reached"));
        Assert.Empty(LibraryAdvice.UnreachableSteps(SampleLibrary.Shop));
    }

    [Fact]
    public void Examples_without_a_reply_in_their_language_and_shared_examples_are_named()
    {
        var library = Load("""
            answers:
              - id: helmets
                examples: { en: [is a helmet included, do you rent helmets], de: [ist ein helm dabei] }
                replies: { en: ["Every rental includes a helmet."] }
              - id: hours
                examples: { en: [when are you open, "What are your opening hours?"], de: [wann habt ihr offen] }
                replies: { en: ["9 to 5"], de: ["9 bis 17"] }
              - id: prices
                examples: { en: [what are your opening hours, how much is a bike] }
                replies: { en: ["€20 a day"] }
            """);
        var missing = Assert.Single(LibraryAdvice.ExamplesWithoutReplies(library));
        Assert.Equal("x.yaml:2: answer 'helmets' has de examples but no de reply: a customer writing de is answered in en", missing);
        var shared = LibraryAdvice.SharedExamples(library, [new Matching.LabeledExample("How much is a bike", "oos", "en")]).ToList();
        Assert.Equal([
            "the en example \"how much is a bike\" is under answer 'prices' and out_of_scope: keep it under one, or the matcher can be sure of neither",
            "the en example \"what are your opening hours\" is under answer 'hours' and answer 'prices': keep it under one, or the matcher can be sure of neither",
        ], shared);
    }
}

/// The disclosure (EU AI Act Art. 50(1)) is needed in every language a library answers in.
public sealed class DisclosureLibraryTests
{
    [Fact]
    public void A_library_language_without_a_disclosure_text_is_an_error()
    {
        var result = LibraryLoader.Load([new LibraryFile("m.yaml", """
            messages:
              ack.open: { en: "within {reply_within}", de: "innerhalb von {reply_within}" }
              ack.later: { en: "by {reply_by}" }
              ack.closed: { en: "closed, by {reply_by}" }
              optout.confirmed: { en: "bye" }
              optin.confirmed: { en: "hi again" }
              match.did_you_mean: { en: "which?" }
              disclosure: { en: "I am a bot." }
              payment_data.notice: { en: "No card numbers in chat, please." }
            answers:
              - id: hours
                examples: { en: [opening hours], fi: [aukioloajat] }
                replies: { en: ["9 to 5"], fi: ["9–17"] }
            """)], "en");
        Assert.Null(result.Library);
        // Reported where the language is first used (a misspelt code is there), pointing to the disclosure to add.
        Assert.Equal(["m.yaml:2: message 'ack.open' has texts in 'de', and message 'disclosure' has none in it",
                      "m.yaml:11: answer 'hours' has texts in 'fi', and message 'disclosure' has none in it"],
            result.Errors.Select(e => e.ToString()[..e.ToString().IndexOf(": a customer", StringComparison.Ordinal)]).ToArray());
        Assert.All(result.Errors, e => Assert.Contains("(at m.yaml:8)", e.Reason));
    }

    /// "dt:" for "de:" (QA round 13) is named where it was written, as a likely misspelling of a language the library has.
    [Fact]
    public void A_misspelt_language_code_is_named_where_it_is_written()
    {
        var result = LibraryLoader.Load([new LibraryFile("m.yaml", LibraryLoaderTests.Complete.Replace("disclosure: { en: \"I am a bot.\" }",
            "disclosure: { en: \"I am a bot.\", de: \"Ich bin ein Bot.\" }")), new LibraryFile("a.yaml", """
            answers:
              - id: hours
                examples: { en: [opening hours], de: [öffnungszeiten], dt: [wann habt ihr auf] }
                replies: { en: ["9 to 5"], de: ["9 bis 17"], dt: ["9 bis 17"] }
            """)], "en");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("a.yaml:2: answer 'hours' has texts in 'dt', and message 'disclosure' has none in it (a misspelling of 'de'?)", error.ToString());
    }
}
