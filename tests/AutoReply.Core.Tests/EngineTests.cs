using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Core.Tests;

public sealed class EngineTests
{
    static readonly EngineSettings Settings = new(BusinessHoursTests.Shop(), ["stop", "stopp", "lopeta"], ["start"],
        Duration.FromHours(2), Duration.FromMinutes(30), Disclosure: Conversation.NoDisclosure);

    static readonly DialogLibrary Library = LibraryLoader.Load([new LibraryFile("m.yaml", """
        messages:
          ack.open: { en: "Thanks {name}! We reply within {reply_within}.", de: "Danke {name}! Antwort innerhalb von {reply_within}." }
          ack.later: { en: "Thanks {name}! We reply by {reply_by}." }
          ack.closed: { en: "We're closed now; we'll reply by {reply_by}." }
          optout.confirmed: { en: "You are opted out." }
          optin.confirmed: { en: "You are back." }
          match.did_you_mean: { en: "Which one?" }
          disclosure: { en: "I am a bot.", de: "Ich bin ein Bot." }
          payment_data.notice: { en: "No card numbers in chat, please." }
        """)], "en").Library!;

    [Fact]
    public void Opt_out_confirms_once_then_silence_until_start() =>
        Conversation.With(Settings, Library, "2026-11-24T10:00:00")
            .Customer("STOP").BotSays("You are opted out.", ReplyKind.Notice)
            .Customer("where is my order?").BotIsSilent().HandsOff("general")
            .Customer("stop").BotIsSilent()
            .Customer("Start").BotSays("You are back.", ReplyKind.Notice)
            .Customer("where is my order?").BotSays("We reply within 2 hours.", ReplyKind.Ack)
            .Run();

    /// After STOP the bot says nothing, but a person still hears the customer: a request for a person, a legal threat or
    /// anger after an opt-out reaches the queue without an automated word.
    [Fact]
    public void What_an_opted_out_customer_writes_reaches_a_person_without_a_word_from_the_bot() =>
        Conversation.With(Settings, Library, "2026-11-24T10:00:00")
            .Customer("STOP").BotSays("You are opted out.", ReplyKind.Notice)
            .Customer("I want to talk to a person").BotIsSilent().HandsOff("general").HandOffIs("normal", "CustomerAskedForPerson; SenderOptedOut")
            .Customer("My charger caught fire and burned my hand, I am contacting my lawyer").BotIsSilent().HandsOff("complaint")
            .HandOffIs("urgent", "LegalOrSafety; SenderOptedOut")
            .Customer("Verdammte Scheiße, das Paket kam kaputt an").BotIsSilent().HandsOff("complaint").HandOffIs("high", "SenderOptedOut")
            .Customer("STOP").BotIsSilent()
            .Run();

    /// A request to erase or disclose the customer's data reaches a person, also when the same DM opts out (QA rounds 25
    /// and 26: "Bitte löschen Sie alle meine Daten gemäß DSGVO. Ich möchte nicht mehr kontaktiert werden." was confirmed as a
    /// stop and reached no one), and when an opted-out customer asks for it later.
    [Fact]
    public void A_request_for_ones_data_to_be_erased_or_shown_reaches_a_person() =>
        Conversation.With(Settings, Library, "2026-11-24T10:00:00")
            .Customer("Bitte löschen Sie alle meine Daten gemäß DSGVO. Ich möchte nicht mehr kontaktiert werden.")
            .BotSays("You are opted out.", ReplyKind.Notice).HandsOff("general").HandOffIs("normal", "PrivacyRequest; OptedOut")
            .Customer("and tell me what data you hold on me").BotIsSilent().HandsOff("general").HandOffIs("normal", "PrivacyRequest; SenderOptedOut")
            .Run();

    /// A stop that names another way the brand reaches the customer — a newsletter, e-mails, calls — holds here and reaches a
    /// person, who can stop the rest (QA round 39: "STOP. Ich will keine Nachrichten und keinen Newsletter mehr von euch" was
    /// confirmed, and the newsletter reached nobody). A stop of these DMs alone is the confirmation only.
    [Theory]
    [InlineData("STOP. Ich will keine Nachrichten und keinen Newsletter mehr von euch", true, "high")]
    [InlineData("please stop messaging me and take me off your email list", true, "normal")]
    [InlineData("lopettakaa viestien lähettäminen ja uutiskirjeet", true, "normal")]
    [InlineData("please stop messaging me", false, "")]
    // the session-46 review: "unsubscribe, and don't …" is a stop, and a call is another channel (it had started the
    // callback flow: "We can call you back. When should we call you?")
    [InlineData("unsubscribe, and don't call me either", true, "normal")]
    public void A_stop_that_names_another_channel_reaches_a_person(string text, bool person, string priority)
    {
        var run = Conversation.With(Settings, Library, "2026-11-24T10:00:00").Customer(text).BotSays("You are opted out.", ReplyKind.Notice);
        (person ? run.HandsOff("general").HandOffIs(priority, "OptedOut; other channels") : run.NoHandOff()).Run();
    }

    /// A stop that asks something more — a question, or to close the account — holds, and a person sees the DM: no automated
    /// reply may answer it any more (a review of session 47: "Abmelden und Konto löschen bitte" was only confirmed). A reason
    /// for the stop, or a question about the messages themselves, is no more than the stop.
    [Theory]
    [InlineData("STOP sending me promos. Where is my refund?", true, "high")]
    [InlineData("Bitte keine Nachrichten mehr und löscht mein Konto", true, "normal")]
    [InlineData("älkää lähettäkö enää viestejä ja poistakaa tilini", true, "high")]
    [InlineData("Who gave you my number? Don't text me again.", true, "normal")]
    [InlineData("why do you keep messaging me?? stop.", false, "")]
    [InlineData("Könnt ihr aufhören, mir jeden Tag Angebote zu schicken?", false, "")]
    [InlineData("Stop sending me these. I never signed up for this", false, "")]
    [InlineData("Hey, love the brand but the daily promo DMs are too much. Can you switch them off for me?", false, "")]
    // The session-48 review: a question or a wish that names nothing but the stop's frustration is no more than the stop.
    [InlineData("Stop texting me. Do you understand?", false, "")]
    [InlineData("STOP messaging me. I want to be left alone", false, "")]
    [InlineData("STOP messaging me. how many times do i have to ask??", false, "")]
    [InlineData("why do you keep sending me this crap?? STOP", false, "")]
    [InlineData("Hört auf mir zu schreiben. Ich will das nicht!", false, "")]
    [InlineData("Stop texting me. Is that so hard??", false, "")]
    [InlineData("bitte keine Nachrichten mehr. Ist das so schwer zu verstehen??", false, "")]
    [InlineData("lopettakaa viestit. mistä saitte numeroni?", true, "normal")]
    // the session-49 review: "lopeta viestit" was no stop, and the question was answered
    [InlineData("lopeta viestit. onko mun auto jo valmis?", true, "normal")]
    [InlineData("lopeta viestit", false, "")]
    [InlineData("Stop the messages. Where did you get my details?", true, "normal")]
    public void A_stop_that_asks_more_reaches_a_person(string text, bool person, string priority)
    {
        var run = Conversation.With(Settings, Library, "2026-11-24T10:00:00").Customer(text).BotSays("You are opted out.", ReplyKind.Notice);
        (person ? run.HandsOff("general").HandOffIs(priority, "OptedOut; asked more") : run.NoHandOff()).Run();
    }

    /// A stop that asks for a person in words reaches one; a stop the person model alone takes for a request is the confirmation
    /// only (QA round 44: "unsubscribe me from your messages pls" was queued for a person as "CustomerAskedForPerson; OptedOut").
    [Theory]
    [InlineData("Stop sending me auto replies and let a human handle this", true, "high")]   // (annoyed: high)
    [InlineData("unsubscribe me from your messages pls", false, "")]
    public void A_stop_reaches_a_person_only_when_one_is_asked_for(string text, bool person, string priority)
    {
        var run = Conversation.With(Settings, Library, "2026-11-24T10:00:00").Customer(text).BotSays("You are opted out.", ReplyKind.Notice);
        (person ? run.HandsOff("general").HandOffIs(priority, "CustomerAskedForPerson; OptedOut") : run.NoHandOff()).Run();
    }

    [Theory]
    [InlineData("please delete my data")]
    [InlineData("what personal data do you have on me?")]
    [InlineData("Löscht bitte meine Daten, danke")]
    [InlineData("poistakaa kaikki mun tiedot")]
    public void A_privacy_request_is_handed_off_not_matched(string text) =>
        Conversation.With(Settings, Library, "2026-11-24T10:00:00")
            .Customer(text).BotSays("2", ReplyKind.Ack).HandsOff("general").HandOffIs("normal", "PrivacyRequest")
            .Run();

    [Fact]
    public void Start_from_someone_never_opted_out_is_an_ordinary_message() =>
        Conversation.With(Settings, Library, "2026-11-24T10:00:00")
            .Customer("start").BotSays("Thanks Ana! We reply within 2 hours.", ReplyKind.Ack)
            .Run();

    [Fact]
    public void One_acknowledgement_per_quiet_period() =>
        Conversation.With(Settings, Library, "2026-11-24T10:00:00")
            .Customer("hi").BotSays("within 2 hours")
            .After(Duration.FromMinutes(10)).Customer("hello?").BotIsSilent()
            .After(Duration.FromMinutes(19)).Customer("anyone?").BotIsSilent()
            .After(Duration.FromMinutes(1)).Customer("hello!!").BotSays("We reply by today 12:00.")   // the promise made at 10:00, not a new one
            .Run();

    /// A later acknowledgement of an open hand-off states the promise made when it opened, never a fresh one the hand-off's
    /// due time does not back; once that time has passed it apologises instead of promising "within 2 hours" again.
    [Fact]
    public void A_promise_once_made_is_kept_or_owned_up_to_never_renewed() =>
        Conversation.With(Settings, Library, "2026-11-24T10:00:00")
            .Customer("hi").BotSays("within 2 hours")
            .After(Duration.FromMinutes(90)).Customer("hello?").BotSays("We reply by today 12:00.")
            .After(Duration.FromMinutes(45)).Customer("anyone??").BotSays("We're sorry we haven't answered yet as we promised")
            .Run();

    /// The quiet period and the promise belong to the hand-off they were for: a hand-off that opens after a person resolved
    /// the last one is acknowledged however soon it follows (before, the customer heard nothing), with a promise of its own.
    [Fact]
    public void A_hand_off_after_a_resolved_one_is_acknowledged_with_its_own_promise() =>
        Conversation.With(Settings, Library, "2026-11-24T10:00:00")
            .Customer("hi").BotSays("within 2 hours")                       // promised by 12:00
            .After(Duration.FromMinutes(10)).PersonResolves()
            .After(Duration.FromMinutes(10)).Customer("one more thing").BotSays("within 2 hours").HandsOff("general")   // 10:20
            .After(Duration.FromMinutes(5)).Customer("hello?").BotIsSilent()                                      // this one's quiet period
            .After(Duration.FromMinutes(30)).Customer("anyone?").BotSays("We reply by today 12:20.")               // its promise, not 12:00
            .Run();

    /// The platform sends the name with some DMs only: a later DM without one is still greeted by it, and a thread that
    /// never had one reads "Thanks!", not "Thanks !".
    [Fact]
    public void A_name_given_once_is_remembered_and_a_missing_one_leaves_no_gap()
    {
        Conversation.With(Settings, Library, "2026-11-24T10:00:00")
            .Customer("hi", name: "Jonas Weber").BotSays("Thanks Jonas! We reply within 2 hours.")
            .PersonResolves()
            .After(Duration.FromMinutes(40)).Customer("hallo, noch eine frage", name: null).BotSays("Danke Jonas! Antwort innerhalb von 2 Stunden.")
            .Run();
        Conversation.With(Settings, Library, "2026-11-24T10:00:00")
            .Customer("hi", name: null).BotSays("Thanks! We reply within 2 hours.")
            .Run();
    }

    [Fact]
    public void The_promise_follows_business_hours() =>
        Conversation.With(Settings, Library, "2026-11-28T15:00:00")   // Saturday after closing
            .Customer("my parcel is late").BotSays("We're closed now; we'll reply by Monday 11:00.")
            .Run();

    [Fact]
    public void Opt_out_words_match_whole_messages_only() =>
        Conversation.With(Settings, Library, "2026-11-24T10:00:00")
            .Customer("stop sending me the wrong size").BotSays("within 2 hours", ReplyKind.Ack)
            .Customer("  Lopeta! ").BotSays("You are opted out.")
            .Run();
}

public sealed class HandOffHoldTests
{
    static readonly EngineSettings Settings = new(BusinessHoursTests.Shop(), ["stop"], ["start"], Duration.FromHours(2), Duration.FromMinutes(30),
        Disclosure: Conversation.NoDisclosure);

    [Fact]
    public void A_thread_handed_to_a_person_gets_no_bot_answers_only_the_acknowledgement_per_quiet_period() =>
        Conversation.With(Settings, SampleLibrary.Shop, "2026-11-24T10:00:00")
            .Customer("Question about the carbon figures in your annual report").BotSays("will reply within 2 hours", ReplyKind.Ack)
            .Customer("also, where is my order?").BotIsSilent()                      // answerable, but a person holds the thread
            .After(Duration.FromMinutes(40))
            .Customer("hello? where is my order?").BotSays("will reply by today 12:00", ReplyKind.Ack)
            .Customer("STOP").BotSays("automated messages", ReplyKind.Notice)        // consent still comes first
            .Run();
}

public sealed class EscalationTests
{
    static readonly EngineSettings Settings = new(BusinessHoursTests.Shop(), ["stop"], ["start"], Duration.FromHours(2), Duration.FromMinutes(30),
        Signals: new Handoffs.EscalationSignals(Handoffs.SignalWords.Default,
            [new Handoffs.CustomerTier("vip", Handoffs.Priority.High, ["vip-7"]), new Handoffs.CustomerTier("enterprise", Handoffs.Priority.Urgent, ["ent-1"])]),
        Disclosure: Conversation.NoDisclosure);

    static TurnDecision Decide(string text, string sender = "u-1") => Decide(text, SampleLibrary.Shop, sender: sender);

    /// A library of the complete messages and <paramref name="answers"/> (YAML), in English.
    static DialogLibrary WithAnswers(string answers, string? disclosures = null) =>
        LibraryLoader.Load([new LibraryFile("m.yaml", disclosures is null ? LibraryLoaderTests.Complete
            : LibraryLoaderTests.Complete.Replace("disclosure: { en: \"I am a bot.\" }", $"disclosure: {{ en: \"I am a bot.\", {disclosures} }}")),
            new LibraryFile("a.yaml", answers)], "en").Library!;

    /// A DM through the whole engine on <paramref name="library"/>, as the first of its thread unless <paramref name="turns"/> says otherwise.
    static TurnDecision Decide(string text, DialogLibrary library, EngineSettings? settings = null, int turns = 0, string sender = "u-1")
    {
        var now = BusinessHoursTests.At("2026-11-24T10:00:00");
        var key = new ThreadKey("test", "t");
        return new ConversationEngine(settings ?? Settings).Handle(new Turn(new InboundMessage(key, "m", new Sender(sender, null), text, now, now),
            Threads.ConversationState.New(key) with { Turns = turns }, Threads.ContactState.New("test", sender), library, now)).Decision;
    }

    /// A lapsed flow's hand-off takes the sender's tier as a DM's would: a callback the enterprise customer left is urgent, and
    /// names the tier; a lead (high by its flow) stays high for a vip, whose tier is no higher.
    [Theory]
    [InlineData("please call me", "ent-1", "urgent", "enterprise")]
    [InlineData("hi, bulk order for my company", "vip-7", "high", "vip")]
    [InlineData("please call me", "u-1", "normal", null)]
    public void A_lapsed_flow_takes_the_senders_tier(string text, string sender, string priority, string? tier)
    {
        var now = BusinessHoursTests.At("2026-11-24T10:00:00");
        var key = new ThreadKey("test", "t");
        var engine = new ConversationEngine(Settings);
        var started = engine.Handle(new Turn(new InboundMessage(key, "m", new Sender(sender, null), text, now, now),
            Threads.ConversationState.New(key), Threads.ContactState.New("test", sender), SampleLibrary.Shop, now));
        var request = engine.Lapse(started.Thread, started.Contact, sender, SampleLibrary.Shop, now + Duration.FromHours(1))!.Decision.HandOffRequest!;
        Assert.Equal((priority, tier), (request.Priority, request.CustomerTier));
    }

    /// The signal models' findings say so in the decision, for the transcript: who found the request or the anger, and the score.
    [Fact]
    public void A_request_or_anger_only_the_model_finds_says_so_in_the_decision()
    {
        var request = Decide("would love to hear from one of your team about this");
        Assert.Equal(Reason.CustomerAskedForPerson, request.Reason);
        Assert.Matches(@"found by the model \(0\.\d\d; no frame\)$", request.Detail);
        var framed = Decide("HUMAN PLEASE. the size guide is wrong, I ordered M and it fits like XS");
        Assert.Matches(@"found by a frame and the model \(0\.\d\d\)$", framed.Detail);

        // No anger word or sign, but charged twice: business impact, and the anger model reads it as angry.
        var angry = Decide("you charged me twice for the same jacket");
        Assert.Equal("high", Assert.IsType<HandOffRequest>(angry.HandOffRequest).Priority);
        Assert.Matches(@"\(business impact, angry by the model \(0\.\d\d\)\)$", angry.HandOffRequest.Reason);
    }

    /// Only the anger words route a DM to a person instead of an answer: the model's reading of "two weeks now" as angry
    /// must not cost the customer the order-status flow.
    [Fact]
    public void Anger_only_the_model_reads_does_not_take_the_answer_away()
    {
        const string text = "where is my order, it has been two weeks now";
        Assert.False(Handoffs.EscalationSignals.Default.AngryByWords(text));
        Assert.True(Handoffs.EscalationSignals.Default.Angry(text));
        Assert.Equal("order-status", Decide(text).AnswerId);
    }

    [Theory]
    [InlineData("where is my order?? if it doesn't come I'll call my lawyer")]
    [InlineData("Wo ist meine Bestellung? Sonst gehe ich zur Verbraucherzentrale")]
    [InlineData("the charger caught fire")]
    [InlineData("Das Ladegerät hat Feuer gefangen!")]
    [InlineData("Ich habe einen Stromschlag bekommen, als ich es eingesteckt habe")]
    [InlineData("laturi syttyi palamaan yöllä")]
    [InlineData("vedenkeitin antoi sähköiskun")]
    [InlineData("the kettle gave me an electric shock")]
    [InlineData("my kid got hurt by the toy, it has sharp edges")]
    [InlineData("I will report you to the police for this")]
    [InlineData("Ich gehe zur Polizei, wenn das Geld nicht kommt")]
    // signs of a medical emergency (QA round 47)
    [InlineData("my face is really swollen on one side since this morning and it's getting hard to swallow, I have a fever too. what should I do??")]
    [InlineData("Meine Wange ist geschwollen und ich kann kaum schlucken, was soll ich tun?")]
    [InlineData("poski on turvonnut ja on vaikea niellä, mitä teen?")]
    public void Legal_or_safety_words_go_to_a_person_at_once_as_urgent(string text)
    {
        var decision = Decide(text);
        Assert.Equal(DecisionKind.HandOff, decision.Kind);
        Assert.Equal(Reason.LegalOrSafety, decision.Reason);
        Assert.Equal(("complaint", "urgent"), (decision.HandOffRequest!.Category, decision.HandOffRequest.Priority));
        Assert.Equal(ReplyKind.Ack, Assert.Single(decision.Replies).Kind);
    }

    /// The police where a customer reports a theft or a loss is no threat to the brand (QA round 37: "Bis wann muss ich
    /// einen Diebstahl bei der Polizei melden?" went to the complaints lead as urgent).
    [Theory]
    [InlineData("Bis wann muss ich einen Diebstahl bei der Polizei melden?")]
    [InlineData("my parcel was stolen from the doorstep, I filed a police report, what now?")]
    [InlineData("tein rikosilmoituksen poliisille, mitä seuraavaksi?")]
    // asking whether to go there (session 59's review: urgent, the theft answer held back)
    [InlineData("Mein Rad wurde geklaut, muss ich zur Polizei?")]
    [InlineData("my bike got stolen at the station, should i go to the police first?")]
    [InlineData("pyörä varastettiin, pitääkö mennä poliisille?")]
    public void Reporting_to_the_police_is_no_legal_threat(string text) =>
        Assert.False(Handoffs.EscalationSignals.Default.LegalOrSafety(text));

    /// A blow to the head or a limb hurt is a safety matter in each language (QA round 80: both went to the queue as general
    /// questions, the first promised a reply by 16:00).
    [Theory]
    [InlineData("APUA lapsi löi päänsä hallissa just nyt ja itkee, missä on ensiapu")]
    [InlineData("poika satutti nilkkansa eilen vaahtomuovialtaassa eikä kukaan tullut auttamaan")]
    [InlineData("my daughter hit her head on the edge of the trampoline, who do I talk to")]
    [InlineData("mein Sohn hat sich gestern bei euch den Kopf gestoßen")]
    public void A_blow_to_the_head_or_a_hurt_limb_is_a_safety_sign(string text) =>
        Assert.True(Handoffs.EscalationSignals.Default.LegalOrSafety(text));

    /// A child said to be missing is a safety matter in each language (QA round 81: "HILFE unser sohn (5) ist weg" at 23:00 was
    /// promised a reply by 10:00); a thing of a child's that is gone, or a child who lost something, is not.
    [Theory]
    [InlineData("HILFE unser sohn (5) ist weg wir haben überall gesucht es ist 23 uhr und die rezeption ist zu", true)]
    [InlineData("please help our daughter is missing, she was at the playground 20 min ago", true)]
    [InlineData("we can't find our son anywhere on the site!!", true)]
    [InlineData("wir finden unsere Tochter nicht mehr, bitte helft uns", true)]
    [InlineData("apua lapsi on kadonnut leirintäalueella", true)]
    [InlineData("emme löydä poikaa mistään, hän on 6v", true)]
    [InlineData("our child got lost near the beach", true)]
    [InlineData("my son lost his phone at your campsite, has anyone found it?", false)]
    [InlineData("lost my kid's hat there on sunday, did anyone hand it in?", false)]
    [InlineData("we lost our kids tickets, can you send them again?", false)]
    // a review of the first version: losing or missing something, away, a sort, not found on a list
    [InlineData("My son has lost his retainer, can I get a new one?", false)]
    [InlineData("my daughter just lost her ticket for saturday", false)]
    [InlineData("my son is missing his swim lesson on friday, can we reschedule?", false)]
    [InlineData("one kind is missing from my variety box", false)]
    [InlineData("Wir finden für unsere Tochter nicht die richtige Größe", false)]
    [InlineData("Mein Sohn ist gerade weg, ich rufe später an", false)]
    [InlineData("Lasta ei löydy varausjärjestelmästä", false)]
    [InlineData("the kids menu is gone from your website?", false)]
    [InlineData("mein Sohn hat seine Jacke bei euch vergessen, ist die weg?", false)]
    public void A_child_said_to_be_missing_is_a_safety_sign(string text, bool urgent) =>
        Assert.Equal(urgent, Handoffs.EscalationSignals.Default.LegalOrSafety(text));

    /// A broken leg or a sprain told as the reason to cancel is no harm the brand did.
    [Theory]
    [InlineData("we have to cancel, arrival is in 5 weeks because my husband broke his leg. do we get anything back")]
    [InlineData("I sprained my ankle skiing, can I move my Saturday class?")]
    public void A_broken_leg_told_as_a_reason_to_cancel_is_no_safety_sign(string text) =>
        Assert.False(Handoffs.EscalationSignals.Default.LegalOrSafety(text));

    /// The police as a threat stays one: said, not asked, or asked about the brand.
    [Theory]
    [InlineData("Ich gehe zur Polizei, wenn das Geld nicht bis Freitag da ist!")]
    [InlineData("should i go to the police about you people?")]
    [InlineData("muss ich erst zur Polizei gehen, damit ihr reagiert?")]
    [InlineData("i will go to the police with this")]
    // the police's Finnish forms other than "poliisi" were no sign at all
    [InlineData("soitan poliisille jos rahoja ei palauteta huomiseen mennessä")]
    [InlineData("teen teistä ilmoituksen poliisiin")]
    public void The_police_as_a_threat_is_a_legal_sign(string text) =>
        Assert.True(Handoffs.EscalationSignals.Default.LegalOrSafety(text));

    /// An allergy is a question for the library; an allergic reaction is an emergency (QA round 53: "bin allergisch gegen so
    /// chemie zeug" went to a person as an urgent complaint, without the answer about the cleaning agents).
    [Theory]
    [InlineData("benutzt ihr perc? bin allergisch gegen so chemie zeug", false)]
    [InlineData("I'm allergic to nuts, is there any in the brownies?", false)]
    [InlineData("olen allerginen pähkinöille, onko kakussa pähkinää?", false)]
    [InlineData("my son had an allergic reaction after eating your brownie", true)]
    [InlineData("meine Tochter hatte eine allergische Reaktion nach der Behandlung", true)]
    // the session-49 review: an allergy with its signs is a reaction
    [InlineData("im allergic to the anesthetic i think, my throat is closing up after todays visit", true)]
    [InlineData("hab allergisch auf die betäubung reagiert, lippe ganz dick", true)]
    [InlineData("my daughter is allergic to latex and the hygienist used latex gloves anyway, now she has hives all over", true)]
    public void An_allergy_is_no_emergency_an_allergic_reaction_is(string text, bool urgent) =>
        Assert.Equal(urgent, Handoffs.EscalationSignals.Default.LegalOrSafety(text));

    /// A swelling or a fever alone is a question for the library, not an emergency.
    [Theory]
    [InlineData("my gums are a bit swollen after the cleaning, is that normal?")]
    [InlineData("Zahnfleisch leicht geschwollen nach der Behandlung, normal?")]
    [InlineData("lapsella on kuumetta, voiko hoitoajan siirtää?")]
    public void A_swelling_or_a_fever_alone_is_no_emergency(string text) =>
        Assert.False(Handoffs.EscalationSignals.Default.LegalOrSafety(text));

    /// A hand-off answer of the urgent category hands off at urgent priority (QA round 31: the vet's emergency answer, with
    /// both phone numbers, was queued at normal); one of another category at normal.
    [Theory]
    [InlineData("my dog ate a whole bar of chocolate", "emergency", "urgent")]
    [InlineData("can i talk to the vet about the operation", "talk-to-vet", "normal")]
    public void A_hand_off_answer_of_the_urgent_category_hands_off_at_urgent_priority(string text, string answer, string? priority)
    {
        var library = WithAnswers("""
            answers:
              - id: emergency
                category: urgent
                handoff: true
                examples: { en: [my dog ate chocolate, my cat is having a seizure, my dog was hit by a car, my pet ate rat poison, my dog is bleeding heavily] }
                replies: { en: ["Call us now on 089 555 0142, or the emergency service on 089 555 0999."] }
              - id: talk-to-vet
                category: service
                handoff: true
                examples: { en: [can i talk to the vet, i want to speak with the vet, question for the vet about the operation, can the vet call me, talk to the doctor] }
                replies: { en: ["A vet will call you back."] }
            """);
        var decision = Decide(text, library);
        Assert.Equal((answer, DecisionKind.HandOff), (decision.AnswerId, decision.Kind));
        Assert.Equal(priority, decision.HandOffRequest!.Priority);
    }

    /// A safety sign gets the library's emergency answer (an urgent hand-off answer the matcher ranks among its first three)
    /// with the urgent hand-off, not the acknowledgement alone (QA round 81: a missing child at 23:00 was promised a reply by
    /// 10:00); a threat in anger, or a library without such an answer, gets the acknowledgement as before.
    [Theory]
    [InlineData("help our son is missing, we looked everywhere on the site", "emergency")]
    [InlineData("my dog got hurt on your playground and is bleeding", "emergency")]
    [InlineData("I will report you to the police, you useless idiots", null)]
    [InlineData("your staff hurt my son on the site, I'm handing this to my lawyer", null)]
    public void A_safety_sign_gets_the_librarys_emergency_answer(string text, string? answer)
    {
        var library = WithAnswers("""
            answers:
              - id: emergency
                category: urgent
                handoff: true
                examples: { en: [emergency someone needs an ambulance, we cant find our child please help, our pitch is flooding in the night, who do i call at night in an emergency, emergency the water pipe burst] }
                replies: { en: ["In an emergency, call 112; at night our warden is on 0171 555 9002."] }
              - id: reception
                category: general
                examples: { en: [when is reception open, reception hours, is the reception still open, opening hours of the office, when can i check in at reception] }
                replies: { en: ["Reception is open 8–12 and 14–19."] }
            """);
        var decision = Decide(text, library);
        Assert.Equal((Reason.LegalOrSafety, "urgent", answer), (decision.Reason, decision.HandOffRequest!.Priority, decision.AnswerId));
        Assert.Equal(answer is null ? ReplyKind.Ack : ReplyKind.Answer, Assert.Single(decision.Replies).Kind);
    }

    /// A wait of one and a half times the answer's own time is past it (QA round 32: three weeks after a cancellation under
    /// "within 14 days" got the refund policy again); a shorter one gets the answer.
    [Theory]
    [InlineData("the festival got cancelled 3 weeks ago and i still haven't got my refund", true)]
    [InlineData("the festival got cancelled 10 days ago and i still haven't got my refund", false)]
    // idioms of "haven't got" that say no wait (the review of the first version)
    [InlineData("the concert was cancelled a month ago, I haven't got round to checking - do I need to apply for a refund?", null)]
    [InlineData("the festival got cancelled 3 weeks ago and i haven't got a clue how the refund works", null)]
    public void A_wait_of_one_and_a_half_times_the_answers_time_is_past_it(string text, bool? passed)
    {
        var library = WithAnswers("""
            answers:
              - id: event-cancelled
                category: billing
                examples: { en: [the event was cancelled do i get my money back, concert cancelled refund, show got cancelled what now, festival cancelled will i be refunded, refund for a cancelled event] }
                replies: { en: ["If an event is cancelled, you get a full refund automatically within 14 days."] }
              - id: gift-cards
                category: sales
                examples: { en: [do you sell gift cards, gift card, can i buy a voucher, gift card for a friend, how long is a gift card valid] }
                replies: { en: ["Gift cards from 20 to 200 €, valid for 2 years."] }
            """);
        var decision = Decide(text, library);
        if (passed is null) Assert.NotEqual(Reason.PromisePassed, decision.Reason);   // whatever else the small library makes of it
        else Assert.Equal(passed.Value ? (null, Reason.PromisePassed) : ("event-cancelled", Reason.Answered), (decision.AnswerId, decision.Reason));
    }

    /// An answer to thanks is no answer a customer can say "no" to: no offer of a person under it, however unsure the
    /// judge (QA round 32: "kiitti moi").
    [Fact]
    public void An_answer_to_thanks_offers_no_person()
    {
        var library = WithAnswers("""
            answers:
              - id: thanks
                category: general
                examples: { en: [thanks, thank you, thanks a lot, thx, many thanks] }
                replies: { en: ["You're welcome! Anything else we can help with?"] }
              - id: gift-cards
                category: sales
                examples: { en: [do you sell gift cards, gift card, can i buy a voucher, gift card for a friend, how long is a gift card valid] }
                replies: { en: ["Gift cards from 20 to 200 €, valid for 2 years."] }
            """);
        // Every answer offers a person here, however sure the judge: the thanks answer still does not.
        var always = Settings with { Matching = new AutoReply.Core.Answers.MatchingSettings { OfferPersonBelow = 1.01f } };
        var decision = Decide("thanks mate, cheers bye", library, always);
        Assert.Equal("thanks", decision.AnswerId);
        Assert.DoesNotContain("offered a person", decision.Detail);
        Assert.Contains("offered a person", Decide("do you sell gift cards", library, always).Detail);
    }

    /// Urgency denied is calm (the review of the first version queued these at high).
    [Theory]
    [InlineData("Not urgent, but could someone check my invoice? The amount looks off")]
    [InlineData("nothing urgent, just wondering if my return arrived")]
    [InlineData("nicht eilig, aber die Rechnung fehlt in meiner Bestellung")]
    [InlineData("Es eilt nicht, aber ich möchte mich über den Kurier beschweren")]
    [InlineData("ei kiire, mutta haluan tehdä valituksen kuriirista")]
    public void Urgency_denied_does_not_raise_the_priority(string text) =>
        Assert.DoesNotContain("said to be urgent", Assert.IsType<HandOffRequest>(Decide(text).HandOffRequest).Reason);

    /// Legal words in anger get the apology with the urgent promise (QA round 30); calm ones the promise alone.
    [Theory]
    [InlineData("was für ein scheißladen, seit 2 tagen kein netz und keiner antwortet. verdammte abzocke", true)]
    [InlineData("Wo ist meine Bestellung? Sonst gehe ich zur Verbraucherzentrale", false)]
    public void Legal_words_in_anger_get_the_apology(string text, bool apology)
    {
        var decision = Decide(text);
        Assert.Equal(Reason.LegalOrSafety, decision.Reason);
        Assert.Equal(apology, Assert.Single(decision.Replies).Text.Contains("tut uns leid", StringComparison.Ordinal));
    }

    /// A calm complaint handed to a person is apologised for in its acknowledgement (QA round 61: "the instructor simply didn't
    /// show up" got "thanks for your message" alone); a question is not.
    [Theory]
    [InlineData("Ich möchte mich beschweren, die Jacke ist nach einer Woche kaputt gegangen", true)]
    [InlineData("Könnt ihr mir ein gutes Restaurant in Berlin empfehlen?", false)]
    public void A_complaint_handed_off_is_apologised_for(string text, bool apology)
    {
        var decision = Decide(text);
        Assert.Equal(apology ? "complaint" : "general", decision.HandOffRequest!.Category);
        Assert.Equal(apology, decision.Replies.Single(r => r.Kind == ReplyKind.Ack).Text.Contains("tut uns leid", StringComparison.Ordinal));
    }

    /// Anger found only by the hand-off's priority (an angry emoji beside a story) is apologised for too (QA round 60: queued
    /// at high priority and only thanked for the message).
    [Fact]
    public void Anger_that_raises_the_priority_is_apologised_for()
    {
        var decision = Decide("haben gestern die torte abgeholt und da stand Alles Gute Lena drauf, meine tochter heißt aber Lea. war ein riesen drama auf der party 😤",
            SampleLibrary.Judgement("qa60-cake-bakery"));
        Assert.Equal("high", decision.HandOffRequest!.Priority);
        Assert.StartsWith("Das tut uns leid.", decision.Replies.Single(r => r.Kind == ReplyKind.Ack).Text);
    }

    /// Words next to harm that are not about it: no urgent hand-off.
    [Theory]
    [InlineData("is there a smoking room at the hotel?")]
    [InlineData("my card melted in the dryer, can I still pay?")]
    [InlineData("I was in hospital and missed the return window")]
    public void Words_near_harm_that_are_not_about_it_are_not_urgent(string text) =>
        Assert.NotEqual(Reason.LegalOrSafety, Decide(text).Reason);

    /// Harm said not to have happened (QA round 34); harm said, and a legal word beside a negation, still are urgent.
    [Theory]
    [InlineData("Wir hatten einen kleinen Unfall, niemand verletzt. Was jetzt?", false)]
    [InlineData("small accident with the van, nobody was injured, what do we do now?", false)]
    [InlineData("no one got hurt but the bumper is dented, what now?", false)]
    [InlineData("pieni kolari, ei kukaan loukkaantunut. mitä nyt?", false)]
    [InlineData("my son was injured by the broken handle", true)]
    [InlineData("Mein Sohn hat sich an der Kante verletzt", true)]
    [InlineData("I don't want to get a lawyer involved, but where is my refund?", true)]
    // a review: a negation that is no "nobody" leaves the harm ("not seriously injured"), and a question about a danger stays one
    [InlineData("we hit a reindeer, my wife was not seriously injured but she is in hospital", true)]
    [InlineData("Nobody hurt? No, my daughter was hurt, her arm may be broken!", true)]
    [InlineData("the heater smells of burning, is that not dangerous?", true)]
    // a second review: an injury noun denied
    [InlineData("Kleiner Unfall ohne Verletzungen, was nun?", false)]
    [InlineData("keine Verletzungen, nur Blechschaden. Wie geht es weiter?", false)]
    // an injury the customer has, beside a question (QA round 72); one the brand caused is harm
    [InlineData("i have a knee injury from running is it ok to join vinyasa", false)]
    [InlineData("Ich habe eine alte Verletzung an der Schulter, kann ich trotzdem mitmachen?", false)]   // ("Verletzung" is no safety word)
    [InlineData("ive got an old wrist injury can i join power yoga", false)]
    [InlineData("I have an injury from your instructor pushing me too far", true)]
    [InlineData("I got an injury in your class yesterday", true)]
    // (the review: more words before it, the verb, and a class it came from)
    [InlineData("i have a bad back injury from work can i still do yin classes", false)]
    [InlineData("i injured my knee skiing in january can i join the beginners course", false)]
    [InlineData("i have a knee injury from yesterdays vinyasa class is it ok to come again today", true)]
    [InlineData("i have an ankle injury from the kids birthday party at your gym is it ok to come back next week", true)]
    public void Harm_said_not_to_have_happened_is_not_urgent(string text, bool urgent) =>
        Assert.Equal(urgent, Decide(text).Reason == Reason.LegalOrSafety);

    [Fact]
    public void A_word_containing_a_legal_word_is_not_one() =>
        Assert.Equal(Reason.Answered, Decide("is there an issue with my order status").Reason);

    [Theory]
    [InlineData("Question about the carbon figures in your annual report", "vip-7", "high")]
    [InlineData("Question about the carbon figures in your annual report!!!", "u-1", "high")]
    [InlineData("QUESTION ABOUT YOUR ANNUAL REPORT NOW", "u-1", "high")]
    [InlineData("Question about the carbon figures in your annual report", "u-1", "normal")]
    public void VIP_senders_and_angry_DMs_raise_the_priority(string text, string sender, string priority) =>
        Assert.Equal(priority, Decide(text, sender).HandOffRequest!.Priority);

    /// An outage or a double charge supposed ("when there's a power outage", "what if I'm charged twice") is a question of
    /// what happens then, not a business hit (QA round 64: a calm question about backup power went at high priority).
    [Theory]
    [InlineData("does the battery work as backup when theres a power outage?", "normal")]
    [InlineData("what happens if i get charged twice by mistake?", "normal")]
    [InlineData("there's an outage on your site and we lose orders, please check", "high")]
    // an occasion alone is none (QA round 76); with something gone wrong it is
    [InlineData("Hochzeit is in 2 Monaten, bin ich zu spät dran fürs Kleid ändern?", "normal")]
    [InlineData("the flowers for our wedding arrived all crushed", "high")]
    public void An_impact_supposed_is_no_business_impact(string text, string priority) =>
        Assert.Equal(priority, Decide(text).HandOffRequest!.Priority);

    [Theory]
    [InlineData("Question about the carbon figures in your annual report", "ent-1", "urgent", "customer tier enterprise")]
    [InlineData("you charged me twice for the same jacket, can you look into it", "u-1", "high", "business impact")]
    [InlineData("Ihr habt doppelt abgebucht, wer kann das prüfen", "u-1", "high", "business impact")]
    [InlineData("Question about the carbon figures in your annual report!!!", "vip-7", "high", "customer tier vip, angry")]
    // said to be urgent (QA rounds 32 and 33)
    [InlineData("DRINGEND das lieferteam steht grad vor der tür und will den schrank nicht in den 5. stock tragen, was soll ich machen", "u-1", "high", "said to be urgent")]
    [InlineData("the show is tonight and the tickets are not in my account, please help asap", "u-1", "high", "said to be urgent")]
    [InlineData("Es ist eine dringende Frage: kommt das Sofa vor Weihnachten?", "u-1", "high", "said to be urgent")]
    public void Customer_tiers_and_business_impact_set_the_priority_and_say_why(string text, string sender, string priority, string why)
    {
        var request = Decide(text, sender).HandOffRequest!;
        Assert.Equal(priority, request.Priority);
        Assert.EndsWith($"({why})", request.Reason);
    }

    [Theory]
    [InlineData("I need a human now: my parcel arrived crushed", "Where is my order?")]
    [InlineData("HUMAN PLEASE. the size guide is wrong, I ordered M and it fits like XS", null)]
    [InlineData("wo ist meine Bestellung? bitte einen echten Mitarbeiter, kein Bot", "Wo ist meine Bestellung?")]
    [InlineData("voinko puhua ihmisen kanssa? tilaus ei ole tullut", null)]
    // The topic in a sentence of its own, which the request's words drowned read whole (QA round 19)
    [InlineData("Hi, I'd like to talk to a real person please. I need an invoice for my company for the last order.", "I need an invoice")]
    [InlineData("Guten Tag, ich möchte bitte mit einem Ihrer Mitarbeiter sprechen. Ich brauche eine Rechnung für meine Firma.", "Ich brauche eine Rechnung")]
    // a sentence in words the library does not know keeps its topic (a review of session 45)
    [InlineData("Hi, I'd like to talk to a real person please. Need an invoise for my compny.", "I need an invoice")]
    public void Issue12_a_request_for_a_person_wins_over_any_answer_and_carries_the_topic(string text, string? topic)
    {
        var decision = Decide(text);
        Assert.Equal((DecisionKind.HandOff, Reason.CustomerAskedForPerson), (decision.Kind, decision.Reason));
        if (topic is not null) Assert.Equal(topic, decision.HandOffRequest!.Summary["topic"]);
    }

    /// A request for a person gets a flow only when the flow is a way to a person (asked for as one, the callback), not a
    /// flow that collects something and hands it to the team (QA round 28: "I need a human. booking LH-519340 was charged
    /// twice on my credit card" started the date change).
    [Fact]
    public void A_request_for_a_person_does_not_start_a_flow_that_only_ends_with_one()
    {
        var loaded = LibraryLoader.Load([new LibraryFile("m.yaml", LibraryLoaderTests.Complete + "\n  flow.cancelled: { en: \"ok, stopped\" }\n  flow.handoff: { en: \"a person takes over\" }\n"), new LibraryFile("a.yaml", """
            answers:
              - id: change-booking
                title: { en: "Change my booking" }
                flow: change-booking
                examples:
                  en: ["i want to change my booking", "can i move my booking to another date", "change the dates of my booking", "booking for the wrong day, change it", "reschedule my booking"]
                replies:
                  en: ["Sure, let's change it."]
              - id: breakfast
                title: { en: "Breakfast" }
                examples:
                  en: ["when is breakfast", "is breakfast included", "breakfast times", "vegan breakfast?", "how much is breakfast"]
                replies:
                  en: ["Breakfast 6:30–10:30, 22 €."]
            flows:
              - id: change-booking
                steps:
                  - id: number
                    ask: order_number
                    prompt: { en: "What's your booking number?" }
                    save: booking
                  - id: done
                    handoff:
                      reason: change
                      say: { en: "Thanks, the team changes it." }
            """)], "en");
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        // The library is too small to calibrate, so the judge reads the matcher's confidence: a threshold above it stands for a
        // judge that does not give the flow.
        var decision = Decide("I need a human. booking LH-519340 was charged twice on my credit card", loaded.Library!,
            Settings with { Matching = new Answers.MatchingSettings(AnswerThreshold: 0.99f) });
        Assert.Equal((DecisionKind.HandOff, Reason.CustomerAskedForPerson), (decision.Kind, decision.Reason));
        // A flow the judge gives is the service asked for ("can i talk to a teacher on video first to check my level?").
        Assert.Equal("change-booking", Decide("I need a human to change my booking to another date", loaded.Library!).AnswerId);
    }

    /// A bare "?" that opens a thread gets the library's greeting ("How can I help?"), not a person's queue (QA rounds 25 and
    /// 26); later in a thread it asks again, and is no greeting.
    [Theory]
    [InlineData("?")]
    [InlineData("??")]
    [InlineData("❓")]
    public void A_bare_question_mark_opening_a_thread_gets_the_greeting(string text)
    {
        Assert.Equal(("greeting", Reason.Answered), (Decide(text).AnswerId, Decide(text).Reason));
        Assert.NotEqual("greeting", Decide(text, SampleLibrary.Shop, turns: 2).AnswerId);
    }

    /// A request that names no topic gets none: an answer the matcher finds on words every question shares ("bei euch",
    /// "auch") would set the hand-off's category and its promise (QA round 26: a sales answer's, two days later).
    [Fact]
    public void A_request_for_a_person_that_names_no_topic_gets_none()
    {
        var library = EnglishAndGerman("""
            answers:
              - id: courses
                category: sales
                title: { en: "Which courses?", de: "Welche Kurse?" }
                examples:
                  en: ["which courses do you have", "what languages do you teach", "do you offer spanish", "evening courses?", "which levels"]
                  de: ["welche kurse gibt es bei euch", "was bietet ihr bei euch auch an", "gibts bei euch auch spanisch", "habt ihr auch abendkurse", "welche sprachen gibt es bei euch"]
                replies:
                  en: ["German, English, Spanish and French, A1 to C1."]
                  de: ["Deutsch, Englisch, Spanisch und Französisch, A1 bis C1."]
              - id: location
                title: { en: "Where?", de: "Wo?" }
                examples:
                  en: ["where is the school", "how do i get to you", "address please", "where are you", "which floor"]
                  de: ["wo ist die schule", "wie komme ich zu euch", "adresse bitte", "wo seid ihr", "in welchem stock"]
                replies:
                  en: ["Große Bergstraße 200, 2nd floor."]
                  de: ["Große Bergstraße 200, 2. Stock."]
            """);
        AssertAskedForAPersonWithNoTopic(Decide("gibts bei euch auch nen echten menschen oder nur so nen automat??", library));
    }

    static void AssertAskedForAPersonWithNoTopic(TurnDecision decision)
    {
        Assert.Equal(Reason.CustomerAskedForPerson, decision.Reason);
        Assert.False(decision.HandOffRequest!.Summary.ContainsKey("topic"), decision.Detail);
        Assert.Equal("general", decision.HandOffRequest.Category);
    }

    /// A library of <paramref name="answersYaml"/> with the service's texts and a disclosure in English and German.
    static DialogLibrary EnglishAndGerman(string answersYaml)
    {
        var loaded = LibraryLoader.Load([new LibraryFile("m.yaml", LibraryLoaderTests.Complete.Replace("disclosure: { en: \"I am a bot.\" }",
            "disclosure: { en: \"I am a bot.\", de: \"Ich bin ein Bot.\" }")), new LibraryFile("a.yaml", answersYaml)], "en");
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        return loaded.Library!;
    }

    /// A clause of words the library knows, none of them the matched answer's, names no topic either: "wenn das möglich ist"
    /// matched a sales answer at 0.63 on "wenn", "das" and "ist" ("möglich" another answer's word), and "ich hätte gern mit
    /// einer echten Person gesprochen, wenn das möglich ist" was promised a person by Thursday, sales' 24 hours over a
    /// holiday, instead of tomorrow (QA round 42).
    [Fact]
    public void A_clause_that_shares_no_word_with_an_answer_gives_a_request_for_a_person_no_topic()
    {
        var library = EnglishAndGerman("""
            answers:
              - id: talk-to-person
                title: { en: "Talk to a person", de: "Mit einem Menschen sprechen" }
                handoff: true
                examples:
                  en: ["can i talk to a person", "i want a human", "real person please", "connect me with an agent", "talk to staff"]
                  de: ["kann ich mit einem menschen sprechen", "echte person bitte", "ich will einen mitarbeiter", "mit jemandem vom team sprechen", "bitte einen menschen"]
                replies:
                  en: ["Someone from the team takes over by {reply_by}."]
                  de: ["Jemand aus dem Team übernimmt bis {reply_by}."]
              - id: shipping
                category: sales
                title: { en: "Shipping", de: "Versand" }
                examples:
                  en: ["how much is shipping", "do you ship abroad", "shipping costs if i order today", "how long is delivery", "free shipping from when"]
                  de: ["was kostet der versand wenn das paket schwer ist", "ist der versand gratis wenn ich viel bestelle", "wie lange ist die lieferung wenn ich heute bestelle", "liefert ihr auch nach deutschland", "wann ist das paket da wenn ich jetzt bestelle"]
                replies:
                  en: ["Shipping 4.90 €, free from 50 €."]
                  de: ["Versand 4,90 €, ab 50 € gratis."]
              - id: hours
                title: { en: "Opening hours", de: "Öffnungszeiten" }
                examples:
                  en: ["when are you open", "opening hours", "are you open on saturday", "until when are you open", "what time do you close"]
                  de: ["wann habt ihr offen", "öffnungszeiten", "habt ihr samstag offen", "bis wann seid ihr da", "ist ein besuch am abend möglich"]
                replies:
                  en: ["Mon–Fri 9–18."]
                  de: ["Mo–Fr 9–18."]
            """);
        AssertAskedForAPersonWithNoTopic(Decide("Guten Tag, ich hätte gern mit einer echten Person gesprochen, wenn das möglich ist. Danke!", library));
    }

    /// Several questions, one of which the library does not cover: the answer, an acknowledgement for the rest, and the
    /// rest named in the hand-off's summary (the conversation tests check the replies; the summary and the detail are here).
    [Fact]
    public void Several_questions_partly_answered_name_what_is_left_for_a_person()
    {
        var decision = Decide("can i pay with paypal and why was my parcel left at the neighbours house?");
        Assert.Equal((DecisionKind.HandOff, Reason.PartlyAnswered, "payment-methods"), (decision.Kind, decision.Reason, decision.AnswerId));
        Assert.Equal("why was my parcel left at the neighbours house?", decision.HandOffRequest!.Summary["unanswered"]);
        Assert.Contains("reply to the rest of your message by", decision.Replies[^1].Text);
        Assert.Contains("; for a person: \"why was my parcel left at the neighbours house?\"", decision.Detail);
    }

    /// An answer that says something and hands off answers its part of a DM of several questions, last, and its person
    /// takes the DM (QA round 35: the reminder fee a hand-off answer states went to a person unanswered, as "tariffs 0.01").
    [Fact]
    public void Several_questions_a_hand_off_answer_answers_its_part_last()
    {
        var decision = Decide("is there a warranty on the shoes and can i pay with paypal?");
        Assert.Equal((DecisionKind.HandOff, Reason.Answered, "payment-methods"), (decision.Kind, decision.Reason, decision.AnswerId));
        Assert.Equal(2, decision.Replies.Count);
        Assert.Contains("PayPal", decision.Replies[0].Text);
        Assert.Contains("2-year warranty", decision.Replies[1].Text);
        Assert.Contains("warranty", decision.Detail);
        Assert.DoesNotContain("offered a person", decision.Detail);
        // With a part no answer covers, the hand-off answer's person takes it too, named in the summary, promised once.
        var rest = Decide("is there a warranty on the shoes and why was my parcel left at the neighbours house?");
        Assert.Equal(DecisionKind.HandOff, rest.Kind);
        Assert.Contains("2-year warranty", Assert.Single(rest.Replies).Text);
        Assert.Equal("why was my parcel left at the neighbours house?", rest.HandOffRequest!.Summary["unanswered"]);
        // A part clear without the hand-off answers keeps its answer (a review: read among them, the exchange came second to
        // the warranty and the DM lost both).
        var both = Decide("can I exchange the shoes for a bigger size and is there a warranty on them?");
        Assert.Equal((DecisionKind.HandOff, "exchange"), (both.Kind, both.AnswerId));
        Assert.Equal(2, both.Replies.Count);
        Assert.Contains("2-year warranty", both.Replies[1].Text);
    }

    /// A part about another answer is left for a person even when it shares a word with the answer given: "Gutscheinkarte"
    /// holds the payment methods' "Karte", and the delivery question was dropped under them unanswered (QA round 21, where
    /// "Gleitsichtbrille" shared "Brille" with the discounts).
    [Fact]
    public void Several_questions_a_part_sharing_a_word_with_the_answer_given_is_still_left_for_a_person()
    {
        var decision = Decide("wann kommt die gutscheinkarte per post an und kann ich mit paypal zahlen?");
        Assert.Equal((DecisionKind.HandOff, Reason.PartlyAnswered, "payment-methods"), (decision.Kind, decision.Reason, decision.AnswerId));
        Assert.Equal("wann kommt die gutscheinkarte per post an", decision.HandOffRequest!.Summary["unanswered"]);
    }

    /// … but a part the answer given speaks to in two words or more is covered by it: "do i pay the return shipping" under
    /// the returns, which say who pays it (QA round 21: the home try-on's free return label).
    [Fact]
    public void Several_questions_a_part_the_answer_given_speaks_to_is_covered()
    {
        var decision = Decide("how do i return my jacket and do i pay the return shipping?");
        Assert.Equal((DecisionKind.Reply, Reason.Answered, "returns"), (decision.Kind, decision.Reason, decision.AnswerId));
    }

    /// A part of nothing but a day, a time or a place, after a follow-up's opening, narrows the question before, as such a
    /// DM does after an answer: no person for it (QA round 37: "Wann seid ihr erreichbar? Auch am Wochenende?" got the hours
    /// and "someone will reply to the rest of your message by Monday").
    [Theory]
    [InlineData("Wann habt ihr geöffnet? Auch am Wochenende?")]
    [InlineData("milloin olette auki? entä lauantaina?")]
    public void Several_questions_a_part_that_only_narrows_the_one_before_is_covered(string text)
    {
        var decision = Decide(text);
        Assert.Equal((DecisionKind.Reply, Reason.Answered, "opening-hours"), (decision.Kind, decision.Reason, decision.AnswerId));
    }

    /// The one question of a DM with a story before it and at most a short detail after it is judged without them when the
    /// whole DM found no answer (QA round 41: "… Macht ihr auch Hausbesuche? Wir wohnen in Haidhausen.", judged whole 0.45
    /// with the right answer at 0.95). A longer story after the question is often the real matter (a review: "Do you sell
    /// locks? Mine was cut off last night and things are missing."), and the DM goes to a person as before (a guard).
    [Theory]
    [InlineData("Meine Schwester hat am Freitag Geburtstag und ich will ihr was schicken. Wie lange dauert der Versand nach Österreich? Sie wohnt in Graz.", "shipping-times")]
    [InlineData("How long does shipping to Austria take? It's a birthday present.", "shipping-times")]   // to a person before
    [InlineData("Can I pay with PayPal? My card got blocked after your shop charged it twice.", null)]
    public void A_question_within_a_story_is_judged_without_it(string text, string? answer)
    {
        var decision = Decide(text);
        if (answer is null)
        {
            Assert.NotEqual(Reason.Answered, decision.Reason);
            return;
        }
        Assert.Equal(Reason.Answered, decision.Reason);
        Assert.Equal(answer, decision.AnswerId);
        Assert.Contains("judged without the story around it", decision.Detail);
    }

    /// A language the brand reads but answers in its default one (README, the library): Swedish examples, a Swedish disclosure
    /// and English replies answer a Swedish DM in English (QA round 40 left Swedish out, the loader's error not saying so). A
    /// guard: it passed before too, and with five examples the detector still reads this DM as English (0.33), so the
    /// Swedish examples are what it is matched on.
    [Fact]
    public void A_language_read_but_answered_in_the_default_language_gets_the_default_languages_reply()
    {
        var library = WithAnswers("""
            answers:
              - id: prices
                examples:
                  en: [how much does a storage unit cost, what are your prices, price list please, what does a small unit cost, monthly price]
                  sv: [vad kostar ett förråd, vilka priser har ni, prislista tack, vad kostar ett litet förråd, pris per månad]
                replies:
                  en: ["A 3 m² unit is 79 € a month."]
              - id: access
                examples:
                  en: [when can i get into my unit, access hours, can i come at night, what time does the door open, is it open on sunday]
                  sv: [när kommer jag in i förrådet, öppettider för förrådet, kan jag komma på natten, när öppnar dörren, är det öppet på söndag]
                replies:
                  en: ["Every day 6–22 with the app or your PIN."]
            """, "sv: \"Jag är en bot; vi svarar på engelska.\"");
        var decision = Decide("Hej, vad kostar ett förråd per månad?", library);
        Assert.Equal(Reason.Answered, decision.Reason);
        Assert.Contains(decision.Replies, r => r.Text == "A 3 m² unit is 79 € a month.");
    }

    /// "How often" after a question is covered by an answer that states an interval, not by one that states a span (QA
    /// round 39: "Wie funktioniert euer Abo genau? Wie oft kommt da was?" got the subscription and a person for "how often").
    [Theory]
    [InlineData("how does your subscription work? how often does it come?", "Deliveries come every 2, 4 or 8 weeks; pause any time.", Reason.Answered)]
    [InlineData("Wie funktioniert euer Abo genau? Wie oft kommt da was?", "Deliveries come every 2, 4 or 8 weeks; pause any time.", Reason.Answered)]
    [InlineData("Wie funktioniert euer Abo genau? Wie oft kommt da was?", "Deliveries take 3 days; pause any time.", Reason.PartlyAnswered)]
    public void Several_questions_how_often_is_covered_by_an_answer_stating_an_interval(string text, string reply, Reason expected)
    {
        var library = EnglishAndGerman($$"""
            answers:
              - id: subscription
                examples:
                  en: [how does the subscription work, what is the food subscription, tell me about your subscription, can i subscribe to food deliveries, is there a subscription]
                  de: [wie funktioniert das abo, was ist das futter-abo, gibt es ein abo, kann ich futter abonnieren, wie geht euer abo]
                replies:
                  en: ["{{reply}}"]
                  de: ["{{reply}}"]
              - id: delivery
                examples:
                  en: [how long does delivery take, when will my parcel arrive, how fast do you deliver, delivery time to germany, how many days for shipping]
                  de: [wie lange dauert der versand, wann kommt mein paket, wie schnell liefert ihr, lieferzeit nach deutschland, wie viele tage dauert die lieferung]
                replies:
                  en: ["2 to 4 working days."]
                  de: ["2 bis 4 Werktage."]
            """);
        Assert.Equal(expected, Decide(text, library).Reason);
    }

    /// "Does it expire?" after a question is covered by an answer that states how long the thing is valid (QA round 45: "Gibt
    /// es sowas wie eine 10er-Karte? Und verfaellt die irgendwann?" got the card's "6 Monate gültig" and a person for the
    /// expiry too). An answer that states no time leaves it for a person.
    [Theory]
    [InlineData("do you sell 10-visit cards? do they expire?", "A 10-visit card is 190 €, valid for 6 months.", Reason.Answered)]
    [InlineData("Gibt es sowas wie eine 10er-Karte? Und verfaellt die irgendwann?", "A 10-visit card is 190 €, valid for 6 months.", Reason.Answered)]
    [InlineData("Gibt es sowas wie eine 10er-Karte? Und verfällt die irgendwann?", "A 10-visit card is 190 €, valid for 6 months.", Reason.Answered)]
    [InlineData("do you sell 10-visit cards? do they expire?", "A 10-visit card is 190 €.", Reason.PartlyAnswered)]
    // the session-46 review: whether it is valid for someone asks whom it is for, not how long; a booking window is no time
    // the card lasts; "vanhentuu" is Finnish's commoner verb of expiring
    [InlineData("Gibt es eine 10er-Karte? Gilt die auch für mich als Student?", "A 10-visit card is 190 €, valid for 6 months.", Reason.PartlyAnswered)]
    [InlineData("do you sell 10-visit cards? are they valid for me too?", "A 10-visit card is 190 €, valid for 6 months.", Reason.PartlyAnswered)]
    [InlineData("do you sell 10-visit cards? do they expire?", "A 10-visit card is 190 €; buy it 2 weeks before your first visit.", Reason.PartlyAnswered)]
    [InlineData("do you sell 10-visit cards? when do they expire?", "A 10-visit card is 190 €, valid for 6 months.", Reason.Answered)]
    public void Several_questions_whether_it_expires_is_covered_by_an_answer_stating_a_time(string text, string reply, Reason expected)
    {
        var library = EnglishAndGerman($$"""
            answers:
              - id: visit-cards
                examples:
                  en: [do you have a 10-visit card, is there a multi visit card, can i buy ten visits at once, price of the 10 card, ten visit pass]
                  de: [gibt es eine 10er-karte, habt ihr eine zehnerkarte, kann ich 10 besuche kaufen, was kostet die 10er karte, gibt es mehrfachkarten]
                replies:
                  en: ["{{reply}}"]
                  de: ["{{reply}}"]
              - id: opening-hours
                examples:
                  en: [when are you open, opening hours, are you open on sunday, what time do you close, hours today]
                  de: [wann habt ihr offen, öffnungszeiten, habt ihr sonntags offen, wann schließt ihr, wie lange habt ihr heute auf]
                replies:
                  en: ["Mon–Fri 8–20."]
                  de: ["Mo–Fr 8–20."]
            """);
        Assert.Equal(expected, Decide(text, library).Reason);
    }

    /// A bare "also" inside a question parts nothing (QA round 50: "does the intensive course also run on zoom?" sent its first
    /// half to a person as a question of its own); before a question's opening it still parts a run-on DM.
    [Theory]
    [InlineData("does the express shipping also go to austria?", Reason.Answered, "international-shipping")]
    [InlineData("do you ship to austria also can i pay with paypal", Reason.Answered, "several questions")]
    // nor after the question's own verb and subject (QA round 58: "… do you" went to a person as a part of its own)
    [InlineData("my friend loved the jacket I got from you. do you also do gift cards?", Reason.Answered, "gift-cards")]
    public void Several_questions_a_bare_also_parts_only_before_a_question(string text, Reason expected, string detail)
    {
        var decision = Decide(text);
        Assert.Equal(expected, decision.Reason);
        Assert.Contains(detail, decision.Detail);
    }

    /// A story that tells of nothing wrong is no topic of its own beside the question after it, and thanks left out between
    /// them leave the sentence's end (a review of this session: both went to a person once "do you also do …" was one question).
    [Theory]
    [InlineData("we ordered from you last year for my wife's birthday. do you also do a flower subscription?", "qa58-florist", "subscription")]
    [InlineData("you fixed my screen perfectly, thanks! do you also do battery replacements?", "qa59-phone-repair", "battery")]
    public void Several_questions_a_story_of_nothing_wrong_leaves_the_question_alone(string text, string library, string answer)
    {
        var decision = Decide(text, SampleLibrary.Judgement(library));
        Assert.Equal((Reason.Answered, answer), (decision.Reason, decision.AnswerId));
        Assert.Contains("judged without the story", decision.Detail);
    }

    /// A story that cancels or moves a booking is the topic the question after it asks about (QA round 78: "… pitäis perua 😞
    /// meneekö ennakkomaksu" got the deposit's terms alone, not what cancelling costs): the DM is read whole.
    [Theory]
    [InlineData("juhlat on ens viikolla ja pitäis perua 😞 meneekö ennakkomaksu", "qa78-party-rentals")]
    [InlineData("our party is next week and we have to cancel. do we lose the deposit?", "qa78-party-rentals")]
    public void Several_questions_a_story_that_cancels_is_not_left_out(string text, string library)
    {
        var decision = Decide(text, SampleLibrary.Judgement(library));
        Assert.DoesNotContain("judged without the story", decision.Detail);
        Assert.NotEqual("payment", decision.AnswerId);
    }

    /// Firing pottery is no fire: "gebrannt" is a sign only in a phrase of a fire ("es hat gebrannt"), "fire" only as a noun
    /// (QA round 77: "… bis die Sachen vom Probeabend fertig gebrannt sind" was an urgent complaint due in 15 minutes). The
    /// session's review: a fire told, a court and a danger stay signs in libraries whose texts use the words otherwise.
    [Theory]
    [InlineData("Wie lange dauert das bis die Sachen vom Probeabend fertig gebrannt sind", "qa77-pottery-studio", false)]
    [InlineData("can you fire the bowls I made last week?", "qa77-pottery-studio", false)]
    [InlineData("the kiln caught fire while we were in the studio", "qa77-pottery-studio", true)]
    [InlineData("es hat gebrannt bei euch im Keller", "qa77-pottery-studio", true)]
    [InlineData("there is a fire in the studio!!", "qa77-pottery-studio", true)]
    [InlineData("can i keep a fire extinguisher in my unit", "qa40-self-storage", false)]
    [InlineData("the fire alarm in the corridor keeps going off", "qa40-self-storage", true)]
    [InlineData("Feuer im Heizungskeller was soll ich tun", "qa55-plumbing", true)]
    [InlineData("wenn ihr das geld nicht erstattet sehen wir uns vor gericht", "qa36-hotel-spa", true)]
    [InlineData("the ramp on the car deck is really dangerous someone is going to fall", "qa38-ferries", true)]
    public void Firing_pottery_is_no_fire(string text, string library, bool urgent) =>
        Assert.Equal(urgent, Decide(text, SampleLibrary.Judgement(library)).Reason == Reason.LegalOrSafety);

    /// "Have a …" after a question tells, it does not ask (QA round 45: "How much would the 4 person meeting room be for 2
    /// hours? Have a client pitch next week" got the room's price and a person for the pitch); "have you …" still asks, as a
    /// Finnish verb in -ko/-ks does, but not the spoken adverb "viimeks".
    [Theory]
    [InlineData("how much is shipping? have a birthday next week", Reason.Answered)]
    [InlineData("how much is shipping? just moved here and have no idea", Reason.Answered)]        // QA round 46
    [InlineData("paljonko toimitus maksaa? viimeks se oli tosi kallis", Reason.Answered)]          // QA round 46: "viimeks" tells
    [InlineData("paljonko toimitus maksaa? myyttekö skeittilautoja", Reason.PartlyAnswered)]
    [InlineData("how much is shipping? have you got skateboards", Reason.PartlyAnswered)]
    public void Several_questions_have_a_opens_no_question(string text, Reason expected) =>
        Assert.Equal(expected, Decide(text).Reason);

    /// "What does it cost" after a question is covered by an answer that states a price (QA rounds 42 and 43, their frozen
    /// libraries: the driving-licence eye test's 15 € and the second stage's 290 € were given, and a person got the price
    /// too). A part that asks more than the price still goes to a person ("Füllt ihr das Formular auch aus?").
    [Fact]
    public void Several_questions_what_it_costs_is_covered_by_an_answer_stating_a_price()
    {
        var optician = SampleLibrary.Judgement("qa42-optician");
        var decision = Decide("Servus, brauch an Sehtest für den Führerschein. Macht ihr das und was kostet des? Füllt ihr das Formular auch aus?", optician);
        Assert.Equal(("driving-licence-test", Reason.PartlyAnswered), (decision.AnswerId, decision.Reason));
        Assert.Equal("Füllt ihr das Formular auch aus?", decision.HandOffRequest!.Summary["unanswered"]);
        var school = SampleLibrary.Judgement("qa43-driving-school");
        decision = Decide("Got my licence last spring and someone at work said I need to do some 'second stage' thing?? Is there a deadline and what does it cost", school);
        Assert.Equal(("second-phase", Reason.Answered), (decision.AnswerId, decision.Reason));
    }

    /// A part that asks only the price after a question whose answer states one gets no answer of its own (QA round 44,
    /// its frozen library: "… Paljonko maksaa?" alone got the delivery prices beside the removal's 39 €); a part that names
    /// what it asks the price of gets its own.
    [Theory]
    [InlineData("Viettekö vanhan sohvan pois kun tuotte uuden? Paljonko maksaa?", new[] { "old-furniture-removal" })]
    [InlineData("Do you take the old sofa away when you deliver the new one? How much does it cost?", new[] { "old-furniture-removal" })]
    [InlineData("Do you have a sleep trial on mattresses? how much does delivery cost?", new[] { "sleep-trial", "delivery-cost" })]
    public void Several_questions_what_it_costs_after_an_answer_stating_a_price_gets_no_answer_of_its_own(string text, string[] answers)
    {
        var decision = Decide(text, SampleLibrary.Judgement("qa44-furniture"));
        Assert.Equal(Reason.Answered, decision.Reason);
        Assert.Equal(answers.Length, decision.Replies.Count(r => r.Kind == ReplyKind.Answer));
    }

    /// A price asked after a story that asks nothing is covered by the answer given that states one, when the part's best answer
    /// is that one (QA round 49, its frozen library: "… Mulla on pieni vauva … Mitä se maksaa?" sent the price to a person
    /// beside the packing's 49 €/h); a story of another need keeps its person.
    [Theory]
    [InlineData("Voitteko pakata meidän tavarat? Mulla on pieni vauva enkä millään ehdi pakkaamaan kaikkea itse. Mitä se maksaa?", Reason.Answered)]
    [InlineData("Can you pack our stuff? I have a small baby and no time to pack everything myself. What does it cost?", Reason.Answered)]
    [InlineData("Can you pack our stuff? We also need somewhere to keep the sofa for a month. What does it cost?", Reason.PartlyAnswered)]
    public void Several_questions_a_price_after_a_story_of_the_answer_given_is_covered(string text, Reason expected) =>
        Assert.Equal(expected, Decide(text, SampleLibrary.Judgement("qa49-movers")).Reason);

    /// A part that asks only a fact the answers given do not state goes to a person beside them (the session-46 review, QA
    /// round 46's library: "Do you change tyres? How long does it take?" got the tyre change's prices and booking window, and
    /// nobody answered how long); the same part after an answer that states the fact asks nothing more.
    [Theory]
    [InlineData("Do you change tyres? How long does it take?", Reason.PartlyAnswered)]
    [InlineData("Do you change tyres? How much is it?", Reason.Answered)]
    public void Several_questions_a_fact_the_answer_does_not_state_goes_to_a_person(string text, Reason expected)
    {
        var decision = Decide(text, SampleLibrary.Judgement("qa46-car-repair"));
        Assert.Equal(("tyre-change", expected), (decision.AnswerId, decision.Reason));
    }

    /// Minutes are a duration: "how long does it take" is covered by the teeth cleaning's "takes 60 minutes" (the session-48
    /// review, QA round 47's library: a person got the part too).
    [Fact]
    public void Several_questions_how_long_is_covered_by_minutes()
    {
        var decision = Decide("do you do teeth cleaning and how long does it take", SampleLibrary.Judgement("qa47-dentist"));
        Assert.Equal(Reason.Answered, decision.Reason);
    }

    /// "Onko se ilmainen?" asks the price, which "maksuton" states (QA round 51, its frozen library: "is it free?" went to a
    /// person beside the planting day's answer); English "free" is left out of the words of price: "are you free tomorrow?"
    /// asks for a time (the session-48 review).
    [Theory]
    [InlineData("milloin on lasten istutuspäivä ja onko se ilmainen?", "qa51-garden-centre", Reason.Answered)]
    public void Several_questions_is_it_free_asks_the_price_only_in_words_of_price(string text, string library, Reason expected) =>
        Assert.Equal(expected, Decide(text, SampleLibrary.Judgement(library)).Reason);

    /// A part that asks only a fact after a part no answer is clear for asks it of that part (QA round 52, its frozen library):
    /// "how much" joins it for a person (it got the salon's price list). "Until when" after the opening hours is covered by
    /// their clock times (it went to a person).
    [Theory]
    [InlineData("do you fix cracked iphone screens? how much", "qa52-hair-salon", Reason.OutOfScope, null)]
    [InlineData("ootteks auki lauantaisin ja mihin asti", "qa52-hair-salon", Reason.Answered, "opening-hours")]
    [InlineData("are you open on saturdays and until when?", "qa52-hair-salon", Reason.Answered, "opening-hours")]
    public void Several_questions_a_part_asking_only_a_fact_asks_it_of_the_part_before(string text, string library, Reason expected, string? only)
    {
        var decision = Decide(text, SampleLibrary.Judgement(library));
        Assert.Equal(expected, decision.Reason);
        Assert.Equal(only is null ? 0 : 1, decision.Replies.Count(r => r.Kind == ReplyKind.Answer));
        if (only is not null) Assert.Equal(only, decision.AnswerId);
    }

    /// "is ne buderus" after a question tells what it is (the subject dropped, as spoken German does): no part of its own for
    /// a person (QA round 55). With a question mark it asks.
    [Theory]
    [InlineData("was nehmt ihr für die wartung von ner gastherme? is ne buderus", Reason.Answered)]
    [InlineData("was nehmt ihr für die wartung von ner gastherme? ist n vaillant", Reason.Answered)]
    public void A_detail_with_the_subject_dropped_is_no_question(string text, Reason expected) =>
        Assert.Equal(expected, Decide(text, SampleLibrary.Judgement("qa55-plumbing")).Reason);

    /// A question about an amenity of a place (parking, step-free access, Wi-Fi, toilets) is answered only by an answer that
    /// speaks of it: the store list answered "is there parking near the haidhausen shop" (QA round 53) and "is the tampere
    /// store wheelchair accessible". A plumber's toilet is no amenity asked.
    [Theory]
    [InlineData("is there parking near the haidhausen shop", "qa53-dry-cleaner", Reason.NoConfidentAnswer)]
    [InlineData("gibt es parkplätze in der nähe von der schule in leipzig?", "qa50-language-school", Reason.NoConfidentAnswer)]
    [InlineData("where can we park the car?", "qa54-escape-rooms", Reason.Answered)]
    [InlineData("is the lost lab room wheelchair accessible?", "qa54-escape-rooms", Reason.Answered)]
    [InlineData("the toilet keeps running after flushing, can you fix that?", "qa55-plumbing", Reason.Answered)]
    public void An_amenity_the_answer_does_not_speak_of_is_left_to_a_person(string text, string library, Reason expected) =>
        Assert.Equal(expected, Decide(text, SampleLibrary.Judgement(library)).Reason);

    /// A way to pay or a group of customers that the answer's replies do not name (nor its examples) is left to a person:
    /// the payment methods answered "can i split the payment with klarna", the student discount "onko eläkeläisille
    /// alennusta" (QA round 59). Named in a reply, in the answer's examples, or ruled out with all others ("no other
    /// discounts"), the answer is given; money back "to the payment method you paid with" speaks of PayPal too.
    [Theory]
    [InlineData("can i split the payment with klarna", "qa59-phone-repair", false)]
    [InlineData("onko eläkeläisille alennusta", "qa59-phone-repair", false)]
    [InlineData("Gibt es bei euch auch Rabatt für Azubis oder Rentner?", "qa48-fashion-shop", false)]
    [InlineData("onko eläkeläisille alennusta? mummo ja pappa tulis mukaan", "qa54-escape-rooms", true)]
    [InlineData("do pensioners get a discount?", "qa54-escape-rooms", true)]   // "We don't have other discounts" (the review)
    [InlineData("i paid with klarna, how long does shipping to austria take?", "qa48-fashion-shop", true)]   // how it was paid (the review)
    [InlineData("im doing my military service rn (varusmies) any discount if we come on saturday?", "qa54-escape-rooms", true)]
    [InlineData("voiko maksaa osissa ja tuleeks siit korkoo", "qa43-driving-school", true)]
    [InlineData("Bekomm ich die Erstattung aufs PayPal zurück oder als Gutschein", "qa39-petshop", true)]
    public void A_way_to_pay_or_a_group_the_answer_does_not_name_is_left_to_a_person(string text, string library, bool answered)
    {
        var decision = Decide(text, SampleLibrary.Judgement(library));
        Assert.Equal(answered, decision.Replies.Any(r => r.Kind == ReplyKind.Answer));
        if (!answered) Assert.Equal(Reason.NoConfidentAnswer, decision.Reason);
    }

    /// A reference of another shape than the one the best answer's flow asks for is another business's, or one a person must
    /// look up (QA round 60: "change my flight booking to friday, ref XK93LP" got the bakery's order change, judged 0.96, and
    /// "What's your order number?"). The flow's own number starts it; an order's number of the wrong shape is the flow's to
    /// question ("where is my order XXX-4521?", a conversation test).
    [Theory]
    [InlineData("hi I need to change my flight booking to friday, ref XK93LP", Reason.NoConfidentAnswer)]
    [InlineData("Buchungsnummer 7Q2KX9, kann ich das auf Freitag ändern?", Reason.NoConfidentAnswer)]
    [InlineData("can i change the text on order TW-4412", Reason.FlowHandOff)]
    [InlineData("can i change my order? its for the 12th", Reason.Answered)]
    public void A_reference_of_another_shape_than_the_flow_asks_for_goes_to_a_person(string text, Reason expected) =>
        Assert.Equal(expected, Decide(text, SampleLibrary.Judgement("qa60-cake-bakery")).Reason);

    /// A reference of the library's own shape beside a question weighs against it when the DM is read whole (QA round 62:
    /// "Kundennummer NH-730154 – ich möchte … kündigen" judged 0.55, the question alone 0.99): read without it, the answer
    /// ranked first is given. Not when that answer opens a flow, which wants the value, and never another answer.
    [Theory]
    [InlineData("Kundennummer NH-730154 – ich möchte zum Ende der Laufzeit kündigen, wie mache ich das?", "cancel-contract")]
    [InlineData("Kundennummer NH-730154 – wie viel kostet eine .com Domain?", "domain-prices")]
    public void A_reference_beside_a_question_is_left_out_when_it_weighs_against_it(string text, string answer)
    {
        var decision = Decide(text, SampleLibrary.Judgement("qa62-web-hosting"));
        Assert.Equal((Reason.Answered, answer), (decision.Reason, decision.AnswerId));
    }

    /// A later part that points back with nothing but words the answer before's reply names is answered by it (QA round 62:
    /// "… and can i put 2 websites on it" got "we don't build websites" beside the plans, which name each plan's websites).
    /// A word the reply does not name keeps the part its own answer.
    [Theory]
    [InlineData("how much storage do i get with the small plan and can i put 2 websites on it", false)]
    [InlineData("how much storage do i get with the small plan and can you build my website on it", true)]
    public void A_part_pointing_back_with_words_the_reply_names_is_answered_by_it(string text, bool designToo)
    {
        var decision = Decide(text, SampleLibrary.Judgement("qa62-web-hosting"));
        Assert.Equal((Reason.Answered, "plans-prices"), (decision.Reason, decision.AnswerId));
        var answers = decision.Replies.Where(r => r.Kind == ReplyKind.Answer).ToList();
        Assert.Equal(designToo ? 2 : 1, answers.Count);
        Assert.Equal(designToo, answers.Any(r => r.Text.Contains("We don't build", StringComparison.Ordinal)));
    }

    /// A wish told after a question, in words of no topic ("haluisin vihdoin omat": I'd like my own at last), asks nothing a
    /// person must answer (QA round 63: it went to a person for its unknown "vihdoin").
    [Theory]
    [InlineData("myyttekö kiipeilykenkiä? haluisin vihdoin omat")]
    [InlineData("do you sell climbing shoes? i finally want my own")]
    public void A_wish_after_a_question_in_words_of_no_topic_asks_nothing_more(string text)
    {
        var decision = Decide(text, SampleLibrary.Judgement("qa63-bouldering-gym"));
        Assert.Equal((Reason.Answered, "shop"), (decision.Reason, decision.AnswerId));
        Assert.Null(decision.HandOffRequest);
    }

    /// The terms of a process asked with the number its flow takes get the terms, then the flow with the number filled (QA
    /// round 60: the cancellation terms were sent, and the cancellation of TW-5087 reached nobody). The number beside another
    /// question starts no flow.
    [Fact]
    public void Terms_asked_with_the_number_a_flow_takes_get_the_terms_and_the_flow()
    {
        var library = SampleLibrary.Judgement("qa60-cake-bakery");
        var cancel = Decide("order TW-5087 - pickup is in 4 days but we need to cancel, do we get the deposit back?", library);
        Assert.Equal("cancellation-policy", cancel.AnswerId);
        Assert.Equal(Reason.FlowHandOff, cancel.Reason);
        Assert.Contains(cancel.Replies, r => r.Kind == ReplyKind.Answer && r.Text.Contains("7 days before pickup", StringComparison.Ordinal));
        Assert.Contains("TW-5087", cancel.Replies[^1].Text);
        var pay = Decide("order TW-5087 - can I pay the rest with paypal?", library);
        Assert.Equal((Reason.Answered, "payment-methods"), (pay.Reason, pay.AnswerId));
        Assert.Null(pay.HandOffRequest);
    }

    /// "How long" beside an answer that states hours as "2 h" is answered by it (QA round 69: the tour's "(2 h, 49 € …)" was
    /// sent, and "how long does it take" went to a person too).
    [Fact]
    public void How_long_is_covered_by_a_reply_stating_hours_as_h()
    {
        var decision = Decide("is there a guided paddleboard thing on thursday evening? how long does it take", SampleLibrary.Judgement("qa69-boat-rental"));
        Assert.Equal((Reason.Answered, "guided-tours"), (decision.Reason, decision.AnswerId));
        Assert.Null(decision.HandOffRequest);
    }

    /// A part that asks nothing and requests nothing, told of the customer's circumstances beside a question it belongs to, is
    /// no question for a person (QA round 70: "… and have zero time to drive out to you" went to a person). "have" opens a
    /// question only before its subject: "and have you got a tow truck" still asks.
    [Theory]
    [InlineData("do you pick up cars? i work in the city center and have zero time to drive out to you", false)]
    [InlineData("do you pick up cars? and have you got a tow truck", true)]
    public void Circumstances_told_beside_a_question_ask_nothing_more(string text, bool personToo)
    {
        var decision = Decide(text, SampleLibrary.Judgement("qa70-car-wash"));
        Assert.Equal("pickup-service", decision.AnswerId);
        Assert.Equal(personToo, decision.HandOffRequest is not null);
    }

    /// Terms asked with a request to act on a booking get the terms and the flow (the session's review: "please cancel
    /// JV-4455, the weather looks bad" got the bad-weather terms alone, the booking's cancellation lost).
    [Fact]
    public void A_request_beside_terms_keeps_its_flow()
    {
        var decision = Decide("please cancel JV-4455, the weather looks bad", SampleLibrary.Judgement("qa69-boat-rental"));
        Assert.Equal(Reason.FlowHandOff, decision.Reason);
        Assert.Contains("JV-4455", decision.Replies[^1].Text);
    }

    /// Two pleasantries close together get one, the thanks where the DM thanks (the session's review: "okei kiitos, nähdään!
    /// moro" went to a person once "Did you mean" no longer offered a greeting).
    [Fact]
    public void Two_pleasantries_get_the_thanks_where_the_DM_thanks()
    {
        var decision = Decide("okei kiitos, nähdään! moro");
        Assert.Equal((Reason.Answered, "thanks"), (decision.Reason, decision.AnswerId));
    }

    /// Asked whether this is someone else's number, no stock answer replies: a person does (QA round 69: "onks tää jannen
    /// numero?" got the rental's phone number). Asked whether it is the brand's own, the contact answer does.
    [Theory]
    [InlineData("moi onks tää jannen numero? uus puhelin ja kaikki numerot hävinny", Reason.OutOfScope)]
    [InlineData("hey is this mike's number? got a new phone", Reason.OutOfScope)]
    [InlineData("onks tää teidän numero 040 555 3721?", Reason.Answered)]
    public void Someone_elses_number_asked_for_gets_no_stock_answer(string text, Reason expected) =>
        Assert.Equal(expected, Decide(text, SampleLibrary.Judgement("qa69-boat-rental")).Reason);

    /// The "und" of a compound's shared head does not part a DM: "Innen- und Außenreinigung" is one thing (QA round 70:
    /// "Außenreinigung für einen Kombi" went to a person as a question of its own).
    [Fact]
    public void The_und_of_a_shared_head_parts_nothing()
    {
        var decision = Decide("was kostet innen- und außenreinigung für einen kombi?", SampleLibrary.Judgement("qa70-car-wash"));
        Assert.Equal((Reason.Answered, "wash-prices"), (decision.Reason, decision.AnswerId));
        Assert.Null(decision.HandOffRequest);
    }

    /// "is" and a time beside a question tells when the thing asked about is, and asks nothing of its own (QA round 71: "ist
    /// nächste woche donnerstag" went to a person as a question, and the booking's change flow never started). With a
    /// question mark it asks.
    [Fact]
    public void Is_and_a_time_beside_a_question_tells_when()
    {
        var decision = Decide("kann ich meinen termin verschieben? ist nächste woche donnerstag", SampleLibrary.Judgement("qa71-photo-studio"));
        Assert.Equal("change-booking", decision.AnswerId);
        Assert.Null(decision.HandOffRequest);
        Assert.Contains(decision.Replies, r => r.Kind == ReplyKind.Dialog);
        Assert.False(AutoReply.Core.Answers.MatchStockAnswer.IsQuestion("ist nächste woche donnerstag", "de"));
        Assert.False(AutoReply.Core.Answers.MatchStockAnswer.IsQuestion("is on friday at 3", "en"));
        Assert.True(AutoReply.Core.Answers.MatchStockAnswer.IsQuestion("ist nächste woche donnerstag?", "de"));
        Assert.True(AutoReply.Core.Answers.MatchStockAnswer.IsQuestion("ist der laden nächste woche offen", "de"));
    }

    /// A German verb before "ich" asks ("krieg ich mein geld zurück", "bekomme ich …"); after a joining word it tells. Beside
    /// "bin nicht zufrieden", the question was taken for a complaint that asks nothing, and the money-back answer withheld.
    [Theory]
    [InlineData("krieg ich mein geld zurück wenn ich jetzt kündige", true)]
    [InlineData("bekomme ich eine rechnung", true)]
    [InlineData("also ich finde das nicht gut", false)]
    [InlineData("aber ich war nicht da", false)]
    public void A_verb_before_ich_asks(string text, bool asks) =>
        Assert.Equal(asks, AutoReply.Core.Answers.MatchStockAnswer.IsQuestion(text, "de"));

    [Fact]
    public void Not_satisfied_beside_a_question_its_answer_answers_gets_the_answer()
    {
        var decision = Decide("hab mich vor 2 wochen angemeldet und bin nicht zufrieden. krieg ich mein geld zurück wenn ich jetzt kündige",
            SampleLibrary.Judgement("qa62-web-hosting"));
        Assert.Equal("money-back-trial", decision.AnswerId);
    }

    /// "Did you mean …?" never offers a greeting: "hallo ich hätt gern nen termin zum haareschneiden" was asked "Change my
    /// appointment, or Hello?" (QA round 70), and a person saw nothing of it.
    [Fact]
    public void Did_you_mean_never_offers_a_greeting()
    {
        var decision = Decide("hallo ich hätt gern nen termin zum haareschneiden am freitag", SampleLibrary.Judgement("qa70-car-wash"));
        Assert.NotEqual(Reason.AskedWhichAnswer, decision.Reason);
        Assert.NotNull(decision.HandOffRequest);
    }

    /// A number that names a booking beside a question starts no flow that only the number brings up (QA round 66: "… private
    /// sauna booking SK-5120 on friday, are towels included?" got the towels and the booking-change flow's "What would you
    /// like to do: cancel, or change …?"). Where the flow's answer leads only for the number, the question goes to a person.
    [Theory]
    [InlineData("hi we have private sauna booking SK-5120 on friday, are towels included?", Reason.Answered)]
    [InlineData("meillä on yksityissauna varattu perjantaille, varaus SK-5120, onko pyyhkeet hinnassa?", Reason.NoConfidentAnswer)]
    [InlineData("booking SK-5120: we need to cancel, is it still free?", null)]
    [InlineData("SK-5120 cancel pls", null)]   // (the session's review: the cancellation, found by the number alone, was lost)
    public void A_number_naming_a_booking_beside_a_question_starts_no_flow(string text, Reason? reason)
    {
        var decision = Decide(text, SampleLibrary.Judgement("qa66-public-sauna"));
        Assert.Equal(reason is null, decision.Replies[^1].Kind == ReplyKind.Dialog);
        if (reason is { } expected) Assert.Equal(expected, decision.Reason);
        if (reason == Reason.Answered) Assert.Equal("private-sauna", decision.AnswerId);
    }

    /// A request to let a term hold once it has passed ("expired … can you extend it?") is for a person to grant, unless the
    /// answer speaks of it (QA rounds 48 and 54: the gift-card answer, "valid 12 months", went to both). An expired card
    /// mentioned in passing, or a question of how long a thing is valid, is answered as before.
    [Theory]
    [InlineData("my gift card expired last month 😩 can you extend it?", "qa54-escape-rooms", Reason.NoConfidentAnswer)]
    [InlineData("lahjakortti vanheni viime kuussa, voiko sitä vielä käyttää?", "qa54-escape-rooms", Reason.NoConfidentAnswer)]
    [InlineData("how long is a gift card valid?", "qa54-escape-rooms", Reason.Answered)]
    [InlineData("My card expired and this month's payment didn't go through. are you going to lock my bike??", "qa37-bike-subscriptions", Reason.Answered)]
    public void A_request_for_an_exception_to_a_passed_term_is_for_a_person(string text, string library, Reason expected)
    {
        var decision = Decide(text, SampleLibrary.Judgement(library));
        Assert.Equal(expected, decision.Reason);
        if (expected != Reason.Answered) Assert.DoesNotContain(decision.Replies, r => r.Kind == ReplyKind.Answer);
    }

    /// Words that only ask a price (or an opening time) are no topic: against two unknown words or more they do not count as known, and the DM is
    /// about what the library does not know (QA round 54: "paljonko lento lontooseen maksaa" got the escape rooms' prices).
    /// One unknown word beside a price is often a place or a count the reply need not name.
    [Theory]
    [InlineData("paljonko lento lontooseen maksaa", "qa54-escape-rooms", Reason.OutOfScope)]
    [InlineData("what does a flight to london cost", "qa54-escape-rooms", Reason.OutOfScope)]
    [InlineData("paljonko maksaa jos meit on 7 tyyppiä", "qa54-escape-rooms", Reason.Answered)]
    [InlineData("how much do u charge just to come out to eimsbüttel", "qa55-plumbing", Reason.Answered)]
    // nor are the words that ask when a place opens (QA round 63: a barber's opening time got the gym's hours)
    [InlineData("what time does the barber open tmrw i need a fade", "qa63-bouldering-gym", Reason.OutOfScope)]
    [InlineData("what time do you open tomorrow", "qa63-bouldering-gym", Reason.Answered)]
    public void Price_words_are_no_topic_against_unknown_words(string text, string library, Reason expected) =>
        Assert.Equal(expected, Decide(text, SampleLibrary.Judgement(library)).Reason);

    /// A question after a comma that opens with a spoken "gibts" is a part of its own: "was kostet 30 min klavier, gibts ne
    /// anmeldegebühr und wie lang ist man dann gebunden?" read the price and the fee as one part, the fee's answer named a
    /// price, and the piano's price reached nobody (QA round 67). Now no part is lost: a person gets the DM.
    [Fact]
    public void A_question_after_a_comma_in_spoken_German_is_a_part_of_its_own()
    {
        var decision = Decide("was kostet 30 min klavier, gibts ne anmeldegebühr und wie lang ist man dann gebunden?", SampleLibrary.Judgement("qa67-music-school"));
        Assert.NotNull(decision.HandOffRequest);
        Assert.True(decision.AnswerId is null || decision.Detail!.Contains("\"was kostet 30 min klavier", StringComparison.Ordinal), decision.Detail);
    }

    /// A price asked of nothing the DM names, in a library with two price lists or more, is the customer's to say: "Which
    /// of these?" with the price lists (QA round 65: "price?" got the grooming prices, judged 0.85, from a daycare with two
    /// price lists). One price list beside answers that name a fee (the escape rooms' prices beside gift cards) is given; a
    /// DM that names what it asks the price of, or a number, is matched as before.
    [Theory]
    [InlineData("price?", "qa65-dog-daycare", Reason.AskedWhichAnswer)]
    [InlineData("was kostet das?", "qa65-dog-daycare", Reason.AskedWhichAnswer)]
    [InlineData("how much?", "qa64-solar-installer", Reason.AskedWhichAnswer)]
    [InlineData("hi what do you charge?", "qa65-dog-daycare", Reason.AskedWhichAnswer)]   // (the review)
    [InlineData("prices for daycare pls", "qa65-dog-daycare", Reason.Answered)]
    [InlineData("hinta?", "qa54-escape-rooms", Reason.Answered)]
    [InlineData("wie viel ist 17 mal 23", "qa53-dry-cleaner", Reason.NoConfidentAnswer)]
    public void A_price_of_nothing_named_asks_which_price_list(string text, string library, Reason expected)
    {
        var decision = Decide(text, SampleLibrary.Judgement(library));
        Assert.Equal(expected, decision.Reason);
        if (expected == Reason.AskedWhichAnswer)
        {
            var options = decision.Replies.Single(r => r.Kind == ReplyKind.Answer).QuickReplies;
            Assert.InRange(options.Count, 2, 3);
            Assert.All(options, title => Assert.Matches("(?i)price|preis|kost|cost", title));
        }
    }

    /// A DM that says the customer already did what the answer tells them gets the answer, and a person too, in the
    /// answer's category (QA round 54: "… checked spam too" got "check your spam folder" and nobody looked for the photo).
    /// Checking in, trying on, and "already did a trial day" are no such thing.
    [Theory]
    [InlineData("we never got our team photo from saturday, checked spam too", "qa54-escape-rooms", true)]
    [InlineData("where's the team photo from our game? already checked the junk folder", "qa54-escape-rooms", true)]
    [InlineData("where do i find our team photo from saturday?", "qa54-escape-rooms", false)]
    [InlineData("I already tried on the M, do you have a size guide?", null, false)]
    [InlineData("already checked in online, what are your opening hours?", null, false)]
    // the session-50 review: having tried the brand's own things
    [InlineData("I already tried your lab room last year, which room is the hardest?", "qa54-escape-rooms", false)]
    [InlineData("kokeilin jo teidän Vankila-huonetta, mikä huone on seuraavaksi vaikein?", "qa54-escape-rooms", false)]
    public void An_answer_to_a_customer_who_already_tried_it_takes_a_person_too(string text, string? library, bool personToo)
    {
        var decision = Decide(text, library is null ? SampleLibrary.Shop : SampleLibrary.Judgement(library));
        Assert.Equal(Reason.Answered, decision.Reason);
        Assert.Contains(decision.Replies, r => r.Kind == ReplyKind.Answer);
        Assert.Equal(personToo, decision.HandOffRequest is not null);
        if (personToo) Assert.Contains("a person looks too", decision.Detail);
    }

    /// A question whether the brand is open on a holiday is answered by the hours only when they speak of that holiday (by
    /// name or date) or of holidays at all (QA round 54: "ootteko auki juhannuksena" got the weekly hours, judged 0.96). A
    /// holiday named beside another topic is no question of the hours.
    [Theory]
    [InlineData("ootteko auki juhannuksena", "qa54-escape-rooms", Reason.NoConfidentAnswer)]
    [InlineData("are you open on easter monday?", "qa54-escape-rooms", Reason.NoConfidentAnswer)]
    [InlineData("ootteko auki jouluaattona", "qa54-escape-rooms", Reason.Answered)]       // "kiinni 24.–26.12."
    [InlineData("do you sell christmas gift cards?", "qa54-escape-rooms", Reason.Answered)]
    [InlineData("are you open on ascension day?", "qa54-escape-rooms", Reason.NoConfidentAnswer)]
    [InlineData("Habt ihr am Ostermontag offen?", "qa53-dry-cleaner", Reason.Answered)]    // "closed on … public holidays"
    // An eve is not the day after it, and a date alone names its holiday (the session-50 review: "closed … 1 January" answered
    // New Year's Eve, and "the 24th of december" was no holiday).
    [InlineData("are you open on new year's eve?", "qa54-escape-rooms", Reason.NoConfidentAnswer)]
    [InlineData("ootteko auki uudenvuodenaattona", "qa54-escape-rooms", Reason.NoConfidentAnswer)]
    [InlineData("are you open on christmas eve?", "qa54-escape-rooms", Reason.Answered)]     // "closed 24–26 December"
    [InlineData("are you open on the 24th of december?", "qa54-escape-rooms", Reason.Answered)]
    [InlineData("are you open on new year's day?", "qa54-escape-rooms", Reason.Answered)]    // "… and 1 January"
    [InlineData("are you open on the 24th of december?", "", Reason.NoConfidentAnswer)]
    [InlineData("habt ihr am 31.12. offen?", "", Reason.NoConfidentAnswer)]
    public void A_holiday_the_hours_do_not_speak_of_is_left_to_a_person(string text, string library, Reason expected) =>
        Assert.Equal(expected, Decide(text, library == "" ? SampleLibrary.Shop : SampleLibrary.Judgement(library)).Reason);

    /// A request for a person with a question beside it: the person is asked for, and the question gets its stock answer
    /// first when the judge gives it without doubt (QA rounds 56 and 57: the request swallowed the question, and the customer
    /// waited a day for a price the bot knew). In anger, a person alone.
    [Theory]
    [InlineData("how much are business cards? also can i talk to a real person about a bigger order", "qa57-print-shop", "24.90")]
    [InlineData("can i talk to a real person about our group booking? also how much is the deposit", "qa56-cottages", "30 %")]
    // joined by "and" (QA round 64: the person, and no price)
    [InlineData("whats the price of a wallbox and can i talk to a real person about my roof pls", "qa64-solar-installer", "1,400")]
    [InlineData("how much are business cards?? this is the third time i ask, get me a real person", "qa57-print-shop", null)]
    public void A_question_beside_a_request_for_a_person_is_answered_too(string text, string library, string? answered)
    {
        var decision = Decide(text, SampleLibrary.Judgement(library));
        Assert.Equal(DecisionKind.HandOff, decision.Kind);
        Assert.StartsWith("CustomerAskedForPerson", decision.HandOffRequest!.Reason);
        if (answered is null) Assert.DoesNotContain(decision.Replies, r => r.Text.Contains("24.90", StringComparison.Ordinal));
        else Assert.Contains(decision.Replies, r => r.Kind == ReplyKind.Answer && r.Text.Contains(answered, StringComparison.Ordinal));
    }

    /// A question beside a request that starts the library's callback flow is answered before the flow's first question
    /// (QA round 61: "Was kostet eine Privatstunde …? Und kann mich bitte jemand zurückrufen?" got only "Wann sollen wir
    /// dich anrufen?", and no person saw the price question until the flow was done).
    [Fact]
    public void A_question_beside_a_callback_request_is_answered_before_the_flow_asks()
    {
        var decision = Decide("wie lange dauert der Versand nach Österreich? Und kann mich bitte jemand zurückrufen?", SampleLibrary.Shop);
        Assert.Equal("callback-request", decision.AnswerId);
        var answers = decision.Replies.Where(r => r.Kind == ReplyKind.Answer).Select(r => r.Text).ToList();
        Assert.Equal(2, answers.Count);
        Assert.Contains("EU 4–7", answers[0]);
        Assert.Equal(ReplyKind.Dialog, decision.Replies[^1].Kind);
    }

    /// A DM said to be urgent gets the likely answer at once, with a person at high priority, where a calm one would only
    /// have it suggested (QA round 56: the caretaker's 24/7 line, judged 0.49, was a quick reply under "we'll reply tomorrow"
    /// to a flooding kitchen).
    [Fact]
    public void A_dm_said_to_be_urgent_gets_the_likely_answer_and_a_person()
    {
        var library = SampleLibrary.Judgement("qa56-cottages");
        var decision = Decide("APUA putki vuotaa keittiön lattialle ja vettä tulee koko ajan mitä mä teen", library);
        Assert.Equal("problem-during-stay", decision.AnswerId);
        Assert.Contains(decision.Replies, r => r.Kind == ReplyKind.Answer && r.Text.Contains("040 555 3399", StringComparison.Ordinal));
        Assert.Equal("high", decision.HandOffRequest!.Priority);
        Assert.Null(Decide("putki vuotaa keittiön lattialle ja vettä tulee koko ajan mitä mä teen", library).AnswerId);
    }

    /// "How are you?" alone is small talk: the library's greeting answers it, whatever answer its words resemble (QA round 56:
    /// "mitä kuuluu?" got the Wi-Fi answer, whose example "kuuluuko puhelin siellä" shares its word).
    [Theory]
    [InlineData("mitä kuuluu?")]
    [InlineData("moi, miten menee")]
    [InlineData("hi how are you doing?")]
    [InlineData("wie geht's euch?")]
    public void How_are_you_is_greeted(string text)
    {
        var decision = Decide(text, SampleLibrary.Judgement("qa56-cottages"));
        Assert.Equal(Reason.Answered, decision.Reason);
        Assert.Equal("greeting", decision.AnswerId);
    }

    /// A part that asks only a fact of the part before, whose answer hands off and states it, is covered by that answer (QA
    /// round 56: "is late checkout possible? how much" got the weekly prices for "how much" beside the late check-out's 40 €).
    [Fact]
    public void A_fact_asked_of_a_hand_off_answer_that_states_it_gets_no_answer_of_its_own()
    {
        var decision = Decide("is late checkout possible? how much", SampleLibrary.Judgement("qa56-cottages"));
        Assert.Equal("late-checkout", decision.AnswerId);
        Assert.Single(decision.Replies, r => r.Kind == ReplyKind.Answer);
    }

    /// So is a holiday asked in a part of a DM of several questions: the other parts get their answers, and a person the
    /// holiday (the session-50 review: "are you open on christmas day and do you ship to norway?" got the weekly hours).
    [Fact]
    public void A_holiday_asked_beside_another_question_is_left_to_a_person()
    {
        var decision = Decide("are you open on christmas day and how much is shipping to austria?");
        Assert.Equal(DecisionKind.HandOff, decision.Kind);
        Assert.DoesNotContain(decision.Replies, r => r.Text.Contains("Our team is here", StringComparison.Ordinal));
    }

    /// "What time" asks a time of day, which no span the answer before states covers (the session-46 review, QA round 45's
    /// library: "Do you have a day pass? What time can I come?" lost the opening hours to the day pass's "valid 6 months").
    [Fact]
    public void Several_questions_what_time_is_not_covered_by_a_span()
    {
        var decision = Decide("Do you have a day pass? What time can I come?", SampleLibrary.Judgement("qa45-coworking"));
        Assert.Equal(Reason.Answered, decision.Reason);
        Assert.Equal(2, decision.Replies.Count(r => r.Kind == ReplyKind.Answer));
        Assert.Contains("opening-hours", decision.Detail);
    }

    /// A part that points back to a part no answer is clear for asks of that part's topic: no answer of its own, and a
    /// person for both (QA round 38: "… pysäköintiä pitkäksi aikaa ja paljonko se maksaa?" got the ticket prices for what the
    /// parking costs). A part that points back to one that got its answer is read with it, as before.
    [Theory]
    [InlineData("do you have the jacket in blue and how much does it cost?")]
    [InlineData("habt ihr die jacke auch in blau und was kostet die?")]
    public void Several_questions_a_part_pointing_back_to_an_unanswered_one_gets_no_answer_of_its_own(string text)
    {
        var decision = Decide(text);
        Assert.Equal(DecisionKind.HandOff, decision.Kind);
        Assert.DoesNotContain(decision.Replies, r => r.Kind == ReplyKind.Answer);
    }

    /// A short part that names no topic of its own — its words ask for several answers — asks of the part before, as "it"
    /// would (QA round 36: "what time is dinner served at the restaurant and do we need to reserve" got the room booking
    /// too). A part that names its own topic keeps its answer.
    [Fact]
    public void Several_questions_a_part_naming_no_topic_asks_of_the_part_before()
    {
        var library = WithAnswers("""
            answers:
              - id: restaurant
                examples:
                  en: [do you have a restaurant, what time is dinner, when does the restaurant open, what kind of food do you serve, is the restaurant open to non guests, do we need a reservation for the restaurant, do you have vegan food]
                replies:
                  en: ["Our restaurant serves dinner from 17 to 22; reservations are recommended."]
              - id: room-booking
                examples:
                  en: [how do i book a room, can i reserve a room on your website, where can i book, do i need to book in advance, do we need to reserve, how can we reserve, can i book through booking sites]
                replies:
                  en: ["Book your room on our website or through booking sites."]
              - id: room-prices
                examples:
                  en: [how much is a room, what do your rooms cost, price per night, how much does a double cost, what are your rates, is breakfast included in the price]
                replies:
                  en: ["Rooms cost 129 to 520 euros a night, breakfast included."]
            """);
        var decision = Decide("what time is dinner served at the restaurant and do we need to reserve", library);
        Assert.Equal(("restaurant", 1), (decision.AnswerId, decision.Replies.Count(r => r.Kind == ReplyKind.Answer)));
        var both = Decide("when does the restaurant open and how do i book a room", library);
        Assert.Equal(2, both.Replies.Count(r => r.Kind == ReplyKind.Answer));
    }

    /// A short part with a word of another topic keeps its own answer (a review of a first version, which took any word
    /// several answers are asked with for no topic, and dropped such parts unanswered); and a part that only narrows is
    /// covered only by an answer that speaks of what it names ("… Auch am Sonntag?" under an answer that names no day).
    [Fact]
    public void Several_questions_a_short_part_of_another_topic_or_a_day_no_answer_names_is_not_dropped()
    {
        var returns = Decide("do you ship to Switzerland? and returns?");
        Assert.Equal(2, returns.Replies.Count(r => r.Kind == ReplyKind.Answer));
        // a place the answer given does not name is not covered by it (a second review: "and to Iceland?" under the
        // shipping times, which name other countries)
        Assert.Equal(Reason.PartlyAnswered, Decide("how long does shipping take? and to Iceland?").Reason);
        var library = WithAnswers("""
            answers:
              - id: breakfast
                examples:
                  en: [is breakfast included, do you serve breakfast, is there breakfast, what is for breakfast, breakfast included in the price]
                replies:
                  en: ["Breakfast is included in every rate."]
              - id: hours
                examples:
                  en: [when are you open, what are your opening hours, when is reception open, are you open today]
                replies:
                  en: ["We're open Mon–Fri 9:00–17:00."]
            """);
        var sunday = Decide("is breakfast included? and on sunday?", library);
        Assert.Equal((Reason.PartlyAnswered, "breakfast"), (sunday.Reason, sunday.AnswerId));
        var open = Decide("when are you open? and on sunday?", library);
        Assert.Equal((Reason.Answered, "hours"), (open.Reason, open.AnswerId));
    }

    /// A part that opens a flow beside one left over: the flow would keep the thread with the bot and the rest would reach
    /// nobody, so a person takes the whole DM (before, the order-status flow ran and the perfume question was lost).
    [Fact]
    public void Several_questions_with_a_flow_and_a_part_left_over_go_to_a_person_whole()
    {
        var decision = Decide("do you sell perfume? and where is my order A-8812");
        Assert.Equal((DecisionKind.HandOff, Reason.NoConfidentAnswer), (decision.Kind, decision.Reason));
        Assert.Contains("order-status opens a flow; for a person: \"do you sell perfume\"", decision.Detail);
    }

    [Fact]
    public void Issue12_a_DM_that_only_mentions_a_person_is_answered()
    {
        var decision = Decide("my husband is the person who placed the order, can he change the delivery address?");
        Assert.Equal(("change-address", Reason.Answered), (decision.AnswerId, decision.Reason));
    }

    [Theory]
    [InlineData("are you a bot?", "automated assistant")]
    [InlineData("am i talking to a bot rn?", "automated assistant")]   // QA round 22: a request for a person
    [InlineData("Bist du ein Bot?", "automatische Assistent")]
    [InlineData("oletko botti?", "automaattinen avustaja")]
    [InlineData("Puhunko nyt botin vai ihmisen kanssa?", "automaattinen avustaja")]   // the README's example (QA, session 30)
    [InlineData("Bist du ein Bot oder schreib ich grad mit nem Menschen?", "automatische Assistent")]   // QA round 27: a request for a person
    [InlineData("are you a bot or am I talking to a real person?", "automated assistant")]
    [InlineData("oletko botti vai puhunko ihmisen kanssa?", "automaattinen avustaja")]
    public void Issue12_are_you_a_bot_gets_an_honest_answer(string text, string says)
    {
        var decision = Decide(text);
        Assert.Equal(Reason.AnsweredBotQuestion, decision.Reason);
        Assert.Contains(says, Assert.Single(decision.Replies).Text);
    }

    /// A bot question beside another question: the honest answer, then what the rest gets alone (session 40's review: "Bin
    /// ich mit nem Bot am reden? Ich will kündigen" got only the bot answer, as did "am I talking to a bot? I want to return
    /// my jacket"). One disclosure: the honest answer is it. A rest that asks nothing the library answers adds nothing.
    [Theory]
    [InlineData("am I talking to a bot? I want to return my jacket", "returns", "Answered")]
    [InlineData("puhunko botin kanssa? missä tilaukseni on", "order-status", "Answered")]
    [InlineData("are you a person? and do you ship to Ireland", "international-shipping", "Answered")]
    [InlineData("Bin ich mit nem Bot am reden? Ich will kündigen", null, "OutOfScope")]
    // a statement the library answers (a second review: a first mend took only questions, and lost these again)
    [InlineData("are you a bot? my package arrived damaged", "damaged-item", "Answered")]
    [InlineData("are you a bot? please cancel my order", "cancel-order", "Answered")]
    public void A_bot_question_with_another_question_gets_both_answered(string text, string? answerId, string reason)
    {
        var decision = Decide(text);
        Assert.Equal((answerId, reason), (decision.AnswerId, decision.Reason.ToString()));
        Assert.True(decision.AnswersBotQuestion);
        Assert.True(decision.Replies.Count >= 2);
        Assert.Matches("automa", decision.Replies[0].Text);
        Assert.DoesNotContain(decision.Replies, r => r.Kind == ReplyKind.Disclosure);
        if (answerId is null) Assert.Equal(ReplyKind.Ack, decision.Replies[1].Kind);
    }

    [Theory]
    [InlineData("are you a bot? just curious")]
    [InlineData("are you a bot? this is ridiculous")]
    [InlineData("hi, are you a bot?")]
    [InlineData("bist du ein bot? danke")]
    // a review: a wish read as a question ("have …"), and remarks that found an answer or a flow
    [InlineData("are you a bot? have a nice day")]
    [InlineData("are you a bot? have a safe trip")]
    [InlineData("are you a bot? your answers are always the same")]
    public void A_bot_question_with_nothing_else_asked_gets_the_honest_answer_alone(string text)
    {
        var decision = Decide(text);
        Assert.Equal(Reason.AnsweredBotQuestion, decision.Reason);
        Assert.Single(decision.Replies);
    }

    /// A stock answer to a DM that says it is urgent comes at once, and a person looks too, at high priority, in the answer's
    /// category (QA round 34: "URGENT we're stuck on the road near Ivalo, the van won't start …" got the how-to and no one).
    /// Denied urgency ("not urgent, but …") is an ordinary question.
    [Theory]
    [InlineData("URGENT: how do I return my jacket?", true)]
    [InlineData("kiireellinen: miten palautan takin?", true)]
    [InlineData("not urgent, but how do I return my jacket?", false)]
    [InlineData("how do I return my jacket?", false)]
    [InlineData("how do I return my jacket? please help asap", true)]
    [InlineData("If it's urgent can I call you? how do I return my jacket?", false)]
    public void An_urgent_DM_gets_its_answer_and_a_person(string text, bool person)
    {
        var decision = Decide(text);
        Assert.Equal("returns", decision.AnswerId);
        Assert.Equal(person, decision.Kind == DecisionKind.HandOff);
        if (!person) return;
        Assert.Equal((Reason.Answered, "high"), (decision.Reason, decision.HandOffRequest!.Priority));
        Assert.StartsWith("Answered", decision.HandOffRequest.Reason);
        Assert.Equal([ReplyKind.Answer, ReplyKind.Ack], decision.Replies.Select(r => r.Kind));
        Assert.DoesNotContain("Not what you asked", decision.Replies[0].Text);   // a person looks anyway
    }

    /// Urgency said of the DM itself, not asked about, a condition, a name or the customer's own haste (a review).
    [Theory]
    [InlineData("URGENT we're stuck on the road, the van won't start", true)]
    [InlineData("Dringend: das Lieferteam steht vor der Tür", true)]
    [InlineData("my brakes failed, please help asap", true)]
    [InlineData("kiireellinen: auto ei käynnisty", true)]
    [InlineData("not urgent, but how do I return my jacket?", false)]
    [InlineData("Wie dringend muss ich den Zählerstand melden?", false)]
    [InlineData("Is it urgent to send my meter reading?", false)]
    [InlineData("How urgently do I need to return the bike after cancelling?", false)]
    [InlineData("If it's urgent can I call you?", false)]
    [InlineData("is the Urgent Red lipstick back in stock?", false)]
    [InlineData("I'll order asap if you ship to Norway", false)]
    // a second review
    [InlineData("In urgent cases, what are your opening hours?", false)]
    [InlineData("Für dringende Fälle: wann seid ihr erreichbar?", false)]
    [InlineData("Is the URGENT tee back in stock?", false)]
    [InlineData("urgent? no. just wondering when you open", false)]
    [InlineData("onko kiire palauttaa takki?", false)]
    [InlineData("Ich brauche das Kleid dringend bis Samstag – wie lange dauert der Versand?", true)]
    [InlineData("Ich muss dringend wissen, wie ich zurücksenden kann", true)]
    [InlineData("minulla on kiireellinen asia: paketti on kadonnut", true)]
    // a plea for help in capitals (QA round 38)
    [InlineData("my 15yo son was on the 15:00 ferry and he's not answering his phone PLEASE HELP", true)]
    [InlineData("APUA auto ei käynnisty autokannella mitä mä teen??", true)]
    [InlineData("HILFE, mein Auto springt nicht an", true)]
    [InlineData("can you help me with my order?", false)]
    [InlineData("Help Center link is broken", false)]
    // a plea is said, not named (a review)
    [InlineData("HELP Center link is broken", false)]
    [InlineData("Der HELP Button in der App geht nicht", false)]
    [InlineData("is the SOS emergency blanket back in stock?", false)]
    [InlineData("Is there an EMERGENCY exit in the sauna?", false)]
    [InlineData("Was mache ich im NOTFALL, wenn mein Hund nicht frisst?", false)]
    [InlineData("HELP! my card was stolen", true)]
    [InlineData("HILFE mein Auto springt nicht an", true)]
    [InlineData("HELP desk phone number?", false)]
    [InlineData("HELP center link is broken", false)]
    [InlineData("SOS-Spray für Hunde, habt ihr das?", false)]
    [InlineData("EMERGENCY contact: can I add my husband's number?", false)]
    [InlineData("our son, 9, got off at Nauvo alone, PLEASE HELP, he has a red jacket", true)]
    public void Urgency_is_said_of_the_DM_itself(string text, bool urgent) =>
        Assert.Equal(urgent, Handoffs.EscalationSignals.SaysItIsUrgent(text));

    /// A plea for help in capitals is distress, not anger: a high-priority hand-off in the DM's own category, without the
    /// apology and the complaints queue of an angry DM (QA round 38: "… he's not answering his phone … PLEASE HELP" went
    /// to the complaints queue, "I'm sorry about this"). Shouting beside it is anger all the same.
    [Theory]
    [InlineData("my son was on the 15:00 ferry and he's not answering his phone, it should have arrived ages ago PLEASE HELP", false)]
    [InlineData("BITTE HILFE, mein Hund ist weggelaufen", false)]
    [InlineData("YOU PEOPLE NEVER ANSWER. PLEASE HELP", true)]
    public void A_plea_for_help_in_capitals_is_urgent_not_angry(string text, bool angry)
    {
        var decision = Decide(text);
        Assert.Equal(DecisionKind.HandOff, decision.Kind);
        Assert.Equal("high", decision.HandOffRequest!.Priority);
        Assert.Equal(angry, decision.HandOffRequest.Reason.Contains("angry"));
        Assert.Equal(angry, decision.HandOffRequest.Category == "complaint");
        if (!angry) Assert.Contains("said to be urgent", decision.HandOffRequest.Reason);
    }

    /// A DM that says it cannot wait gets a person, not "Did you mean …?" (a review of session 42: "… the parcel is already on
    /// its way PLEASE HELP" was asked to choose between the exchange and the order status, with no one).
    [Fact]
    public void An_urgent_DM_is_not_asked_which_answer_it_means()
    {
        var decision = Decide("I ordered the wrong size and the parcel is already on its way PLEASE HELP");
        Assert.Equal(DecisionKind.HandOff, decision.Kind);
        Assert.Equal("high", decision.HandOffRequest!.Priority);
    }

    /// No answer the matcher gives less than 0.1, whatever the judge says (a review: "your answers are always the same" got
    /// the opening hours at 0.00, out of scope 0.99, judged 0.62).
    [Fact]
    public void An_answer_the_matcher_is_not_sure_of_at_all_is_never_given() =>
        Assert.Equal(DecisionKind.HandOff, Decide("your answers are always the same").Kind);

    /// The acknowledgement of an angry DM opens with an apology in its language (ack.angry, or a built-in one), then promises
    /// the reply as any acknowledgement does (QA rounds 21 and 22: "Thanks for your message!" alone answered swearing).
    [Theory]
    [InlineData("stop sending me the wrong size!!", "I'm sorry about this. Thanks for your message!")]
    [InlineData("Verdammte Scheiße, das Paket kam kaputt an", "Das tut uns leid. Danke für deine Nachricht!")]
    public void An_angry_DM_is_acknowledged_with_an_apology(string text, string opens) =>
        Assert.StartsWith(opens, Decide(text).Replies[^1].Text);

    /// A greeting alone in words the library does not know is its greeting (QA rounds 23 and 24: out of scope).
    [Theory]
    [InlineData("Grüezi mitenand 🙂")]
    [InlineData("heyy 👋 hope ur having a good day")]
    public void A_regional_or_wishful_greeting_gets_the_greeting(string text) => Assert.Equal("greeting", Decide(text).AnswerId);

    /// An order number in the library's own pattern says what a DM is about: the order-status flow starts with it, though
    /// the judge would hand it off (QA round 23: "hi, order SW-4829103 still says processing after 5 days, any update?" judged
    /// 0.31). Only for the flow the matcher ranks first, from 0.8: "you charged me twice for order A-48002" ranks the order
    /// status first at 0.64, and is billing's.
    [Fact]
    public void An_order_number_in_the_flows_pattern_starts_the_flow_the_matcher_ranks_first()
    {
        var decision = Decide("Bestellung A-48291, wo bleibt die? Geburtstag ist am Freitag");   // judged 0.59
        Assert.Equal(("order-status", Reason.Answered), (decision.AnswerId, decision.Reason));
        Assert.EndsWith("names the value its flow asks for", decision.Detail);
        Assert.Equal(DecisionKind.HandOff, Decide("is the blue jacket from order A-5521 available in M?").Kind);   // product availability first
    }

    /// A sign of exasperation ("?!", "???", 🙄, 😤) beside a question the library answers takes the answer away only when the
    /// anger model agrees (QA round 21: seven such DMs went to a person as complaints); thanks for help and asking how to
    /// cancel are no anger phrases ("kiitti tosi paljon" alone, "ich kündige").
    [Theory]
    [InlineData("my discount code doesn't work?! it says invalid at checkout", "discount-codes")]
    [InlineData("Mein Rabattcode geht nicht?! Da steht ungültig", "discount-codes")]
    [InlineData("wie kündige ich den Newsletter??? find nix im Konto", "newsletter")]
    [InlineData("the zip broke after two weeks 😤 is that covered by warranty?", "warranty")]
    [InlineData("kiitti tosi paljon avusta!! 🙏", "thanks")]
    public void A_mild_sign_of_exasperation_beside_a_question_keeps_its_answer(string text, string answer)
    {
        var decision = Decide(text);
        Assert.Equal((answer, Reason.Answered), (decision.AnswerId, decision.Reason));
    }

    [Theory]
    // an eye-roll beside thanks or praise is sarcasm, and "kiitti tosi paljon tästä" thanks for nothing (a review of session 36)
    [InlineData("Thanks guys 🙄")]
    [InlineData("Your support team is so helpful 😤")]
    [InlineData("Kiitti tosi paljon tästä. Paketti on taas myöhässä")]
    // sarcasm's set phrases, a reply still missing (QA rounds 25 and 26)
    [InlineData("Na toll, Rad zur Reparatur abgegeben und jetzt quietscht's schlimmer als vorher. Danke für nix 👏👏")]
    [InlineData("wow amazing service, 5 days and still no reply to my email. really top notch 👏👏")]
    [InlineData("where is my order?! I ordered 2 weeks ago")]
    [InlineData("why is my refund not here yet?!")]
    [InlineData("what the hell is wrong with you people?! Absolute shit service")]
    [InlineData("Verdammte Scheiße, das Paket kam kaputt an")]
    [InlineData("stop sending me the wrong size!!")]
    [InlineData("this is the third time I write about my refund")]
    // Read by the person-request model as asking for someone: still a complaint, not a billing question (QA, session 30).
    [InlineData("This is the THIRD time I'm writing!!! Where is my refund?? Worst service ever")]
    public void Issue12_an_angry_DM_reaches_a_person_at_high_priority_not_a_how_to(string text)
    {
        var decision = Decide(text);
        Assert.Equal(DecisionKind.HandOff, decision.Kind);
        Assert.Null(decision.AnswerId);
        Assert.Equal(("complaint", "high"), (decision.HandOffRequest!.Category, decision.HandOffRequest.Priority));
        Assert.Contains("angry", decision.HandOffRequest.Reason);
    }

    /// A request for someone above the team is a complaint, for whoever takes complaints (QA round 35: "I want to speak to
    /// your manager. Now." went to the general queue); a request for anyone else keeps its topic's team.
    [Theory]
    [InlineData("I want to speak to your manager. Now.", "complaint")]
    [InlineData("Ich möchte bitte mit Ihrem Vorgesetzten sprechen", "complaint")]
    [InlineData("haluan puhua esimiehen kanssa", "complaint")]
    [InlineData("can I speak to someone about my order?", "service")]
    // a review: a manager mentioned is no manager asked for
    [InlineData("can I talk to someone? my manager asked me to order 50 shirts", "service")]
    [InlineData("can I speak to someone? the store manager in Berlin was lovely and I want to thank her", "service")]
    // a second review: asked for in other words, and mentioned in Finnish
    [InlineData("Please put me through to a supervisor", "complaint")]
    [InlineData("Ich möchte mit der Geschäftsleitung sprechen", "complaint")]
    [InlineData("puhuin esimieheni kanssa ja hän pyysi tilaamaan 50 paitaa, voinko puhua jonkun kanssa?", "service")]
    // QA round 48: a manager by its English name and a branch's head, in German
    [InlineData("ICH WILL SOFORT MIT EINEM MANAGER SPRECHEN. NICHT MIT IRGENDEINEM AUTOMATEN.", "complaint")]
    [InlineData("Ich will mit dem Filialleiter sprechen", "complaint")]
    [InlineData("Unser Filialleiter hat bei euch bestellt, kann ich mit jemandem über die Rechnung sprechen?", "billing")]
    public void A_request_for_a_manager_goes_as_a_complaint(string text, string category)
    {
        var decision = Decide(text);
        Assert.Equal(Reason.CustomerAskedForPerson, decision.Reason);
        Assert.Equal(category, decision.HandOffRequest!.Category);
    }

    /// A request for a person gets a hand-off answer that says something first (a damage report's "send photos") only when the
    /// judge finds it likely, not on the matcher's word alone (QA round 49, its frozen library: "I'd like to speak with your
    /// manager about the service we got last Friday." got "We're sorry something got damaged! … send photos", matcher 0.81,
    /// judged 0.11); the vet's emergency numbers, judged 0.50, are still given (QA round 41's library).
    [Fact]
    public void A_request_for_a_person_gets_a_hand_off_answer_only_when_the_judge_finds_it_likely()
    {
        var decision = Decide("I'd like to speak with your manager about the service we got last Friday.", SampleLibrary.Judgement("qa49-movers"));
        Assert.Equal((Reason.CustomerAskedForPerson, "complaint"), (decision.Reason, decision.HandOffRequest!.Category));
        Assert.DoesNotContain(decision.Replies, r => r.Kind == ReplyKind.Answer);
        decision = Decide("I need to speak to a vet NOW!!! my dog was hit by a car", SampleLibrary.Judgement("qa41-vet"));
        Assert.Equal("emergency", decision.AnswerId);
    }

    /// A calm complaint that nothing answers goes to a person as a complaint, with the complaint's SLA (QA, session 30: it
    /// was a general question).
    [Theory]
    [InlineData("Hallo, ich möchte mich beschweren. Die Jacke ist nach einer Woche kaputt gegangen und der Reißverschluss ist abgerissen.")]
    [InlineData("I would like to make a complaint about the courier who delivered my parcel")]
    public void A_calm_complaint_nothing_answers_goes_as_a_complaint(string text)
    {
        var decision = Decide(text);
        Assert.Equal(DecisionKind.HandOff, decision.Kind);
        Assert.Equal("complaint", decision.HandOffRequest!.Category);
    }

    /// A DM about money taken, owed or paid that nothing answers reaches billing, not the general queue (QA round 18: "you
    /// charged me twice for order NH-480021" went to support); a DM that only asks a price or names no money stays general.
    [Theory]
    [InlineData("you charged me twice for order A-48002, please fix this", "billing")]
    [InlineData("Auf meinem Kontoauszug steht eine Abbuchung von euch über 12 €, die ich nicht zuordnen kann", "billing")]
    [InlineData("Minulta veloitettiin tilauksesta kahdesti, mitä teen?", "billing")]
    [InlineData("Warum wurden mir 20 Euro verrechnet für einen Termin, den ich abgesagt hab?", "billing")]
    [InlineData("Question about the carbon figures in your annual report", "general")]
    [InlineData("Wie viel kostet eine Führung durch euer Lager?", "general")]
    // Paying is no money trouble (QA round 20: a late order "I paid a week ago" went to billing)
    [InlineData("We paid for the print edition of the annual report, which page has the carbon figures", "general")]
    // a miscount is no charge (a review)
    [InlineData("Ich hab mich bei der Zahl der Seiten im Jahresbericht verrechnet, wo stehen die CO2-Werte?", "general")]
    [InlineData("Warum wurden uns 30 Euro für einen Termin verrechnet, den wir abgesagt haben?", "billing")]
    public void A_DM_about_money_nothing_answers_goes_to_billing(string text, string category)
    {
        var decision = Decide(text);
        Assert.Equal(DecisionKind.HandOff, decision.Kind);
        Assert.Null(decision.AnswerId);
        Assert.Equal(category, decision.HandOffRequest!.Category);
    }

    /// A calm request for a person gets the library's way to a person (the callback flow asks when and where to call); one
    /// asked in angry words gets no flow but a person at once, as a complaint, with the apology — here the library's "talk to a
    /// person" answer, which the apology opens (QA round 29: "THIS IS THE THIRD TIME YOU CHARGED ME TWICE THIS MONTH. GET ME A
    /// MANAGER NOW" was asked for a membership number by a billing flow).
    [Fact]
    public void An_angry_request_for_a_person_gets_a_person_at_once_not_the_librarys_way_to_one()
    {
        var calm = Decide("call me back please, i'd like to talk to a person about my order");
        Assert.Equal(("callback-request", Reason.Answered), (calm.AnswerId, calm.Reason));
        var angry = Decide("Call me back, I want to talk to a person about my order!!! This is ridiculous");
        Assert.Equal((DecisionKind.HandOff, Reason.CustomerAskedForPerson, "complaint"), (angry.Kind, angry.Reason, angry.HandOffRequest!.Category));
        Assert.StartsWith("I'm sorry", angry.Replies.Single().Text);
        // capitals and "!!!" alone are urgency, not anger: the callback still asks when to call (a review)
        Assert.Equal("callback-request", Decide("PLEASE CALL ME BACK ABOUT MY ORDER").AnswerId);
        Assert.Equal("callback-request", Decide("Could someone call me back please!!! I need to change my address before it ships").AnswerId);
        // … and a shouted request that gets the library's "talk to a person" gets the apology with it (QA round 31)
        var shouted = Decide("I WANT TO TALK TO A PERSON NOW. I HAVE BEEN WAITING FOR 3 DAYS!!!");
        Assert.Equal(("talk-to-person", DecisionKind.HandOff), (shouted.AnswerId, shouted.Kind));
        Assert.StartsWith("I'm sorry", shouted.Replies.Single().Text);
    }

    /// A complaint told calmly with a request for a person gets a person at once, as a complaint with its apology, not the
    /// callback flow's "When should we call you?" (the session-55 review: "my jacket arrived with a torn sleeve, please get back
    /// to me so we can sort it out properly").
    [Fact]
    public void A_complaint_asking_for_a_person_gets_a_person_at_once_not_a_flow()
    {
        var decision = Decide("my jacket arrived with a torn sleeve, please get back to me so we can sort it out properly");
        Assert.Equal(DecisionKind.HandOff, decision.Kind);
        Assert.NotEqual("callback-request", decision.AnswerId);
        Assert.Equal("complaint", decision.HandOffRequest!.Category);
    }

    /// A calm request for a person about money goes to billing too; an angry one is a complaint first.
    [Theory]
    [InlineData("can I speak to someone? I was charged for something I don't recognise", "billing")]
    [InlineData("Ich möchte bitte mit einem Mitarbeiter über meine Rechnung sprechen", "billing")]
    [InlineData("let me talk to a human, you took my money twice?! unbelievable", "complaint")]
    public void A_request_for_a_person_about_money_goes_to_billing(string text, string category)
    {
        var decision = Decide(text);
        Assert.Equal((DecisionKind.HandOff, Reason.CustomerAskedForPerson), (decision.Kind, decision.Reason));
        Assert.Equal(category, decision.HandOffRequest!.Category);
    }

    [Theory]
    [InlineData("I want to complain", true)]
    [InlineData("Ich habe eine Beschwerde", true)]
    [InlineData("Haluan valittaa palvelusta", true)]
    [InlineData("No complaints, the jacket is great", false)]
    [InlineData("keine Beschwerde, alles super", false)]
    [InlineData("Valitettavasti en ehtinyt noutaa pakettia", false)]
    [InlineData("Voinko valita toisen värin?", false)]
    // The review's misfires: "välittää" (to forward), "nicht beschweren", ailments, "don't want to complain"
    [InlineData("Voisitteko välittää kuljettajalle, että ovikoodi on 4711?", false)]
    [InlineData("Ich kann mich wirklich nicht beschweren, aber habt ihr die Jacke auch in Blau?", false)]
    [InlineData("Ich habe Beschwerden im Nacken, gibt es das Kissen auch fester?", false)]
    [InlineData("I don't want to complain, but could you send me a paper catalogue?", false)]
    [InlineData("Haluan tehdä valituksen kuriirista", true)]
    // what went wrong, told calmly (QA rounds 54 and 55 went to the general queue)
    [InlineData("fitter came yesterday to fix the cistern and now its leaking worse than before", true)]
    [InlineData("eilen vankilassa yks lukko oli rikki ja menetettiin varmaan 15 min sen takia, ei kiva kun maksettiin 112e", true)]
    [InlineData("Ich bin echt enttäuscht von der Reparatur", true)]
    [InlineData("I'm not disappointed at all, just wondering if you have it in blue", false)]
    // a DM ending in the first word of a complaint phrase ("ei kiva", "worse than before") threw (the session-51 review)
    [InlineData("tuleeko sinne oikeesti ketään korjaamaan saunaa vai ei", false)]
    [InlineData("is it any worse", false)]
    // damage told, not asked about or supposed (QA rounds 56 and 57 went to the general queue)
    [InlineData("my package arrived today but the posters are all bent and one is torn", true)]
    [InlineData("oltiin viime viikolla teidän mökillä ja se oli ihan likanen kun tultiin. tosi pettyny", true)]
    [InlineData("Die Hälfte der Flyer ist fehlerhaft gedruckt.", true)]
    [InlineData("what happens if my parcel arrives damaged?", false)]
    [InlineData("was passiert wenn der druck fehlerhaft ist, nur mal so gefragt", false)]
    [InlineData("my phone screen is broken. how much to fix it", false)]
    [InlineData("refund for A-5555 please, not damaged, wrong item", false)]
    [InlineData("der strauß ist heute angekommen aber komplett andere farben als bestellt", true)]                      // QA round 58
    [InlineData("got my laptop back from you but now the wifi doesnt work at all, it worked fine before i brought it in", true)]   // QA round 59
    [InlineData("I ordered the wrong size, can I exchange it?", false)]
    // the damage a repair shop's customer brings is no complaint (a review of this session)
    [InlineData("my laptop screen is cracked, need it fixed", false)]
    [InlineData("the display is smashed", false)]
    [InlineData("hain puhelimen eilen korjauksesta ja nyt takakansi on ihan naarmuilla", true)]   // QA round 59
    // the review of this session
    [InlineData("the bedding smelled of mould and the whole place was dusty", true)]
    [InlineData("die Visitenkarten kamen total verschmiert bei uns an", true)]
    [InlineData("your delivery driver was really rude to my grandmother yesterday", true)]
    [InlineData("the fitter turned up four hours late and didn't even apologise", true)]
    [InlineData("die Lieferung kam erst um 21 Uhr, viel zu spät für die Feier", true)]
    [InlineData("toimitus kesti kolme viikkoa vaikka luvattiin pari päivää", true)]
    [InlineData("nach der Wartung letzte Woche tropft die Therme jetzt", true)]
    [InlineData("the drain you cleared last week is blocked again already", true)]
    [InlineData("the plumber was a no show", true)]
    [InlineData("whats the no show fee", false)]
    [InlineData("eilen tilatut nachot oli ihan kylmiä ja niitä odotettiin yli tunti, ei kovin hyvä kokemus", true)]   // QA round 75
    [InlineData("we waited over an hour for our food", true)]
    [InlineData("how long is the wait usually on a friday?", false)]
    // the brand's people broke something (QA round 74); "kaputt" alone is what a repair shop's customer brings
    [InlineData("Eure Leute haben beim Putzen meine Orchidee von der Fensterbank geworfen, Topf ist kaputt. Wie wird das jetzt geregelt?", true)]
    [InlineData("your cleaner broke my vase yesterday", true)]
    [InlineData("what if your cleaner breaks something?", false)]
    [InlineData("the flowers for our wedding never arrived", true)]
    [InlineData("what if the parcel never arrives?", false)]
    // (the session's review)
    [InlineData("ei ollut kovin hyvä kokemus teidän saunassa", true)]
    [InlineData("the key copy you made doesnt work in my door. how much does a key copy cost", true)]
    [InlineData("can the lock you installed last week also be keyed to my garage?", false)]
    [InlineData("did you make spare keys for old locks that dont work well?", false)]
    [InlineData("the teacher was 20 min late to class today which was annoying. where can i see the timetable", true)]
    [InlineData("die kaffeemaschine ist seit ner woche kaputt und keiner kümmert sich. habt ihr samstags offen", true)]
    [InlineData("mein Handy ist kaputt, könnt ihr das reparieren?", false)]
    [InlineData("akku jonka vaihdoitte kuukausi sitten loppuu jo puolessa päivässä", true)]
    [InlineData("Die Ware ist nicht beschädigt, nur die falsche Größe", false)]
    public void Complaint_words_are_the_customers_own_not_their_negation(string text, bool complains) =>
        Assert.Equal(complains, AutoReply.Core.Handoffs.EscalationSignals.Complains(text));

    /// A word of a complaint or of damage alone, whatever its sentence: what makes an answer whose examples hold it the
    /// library's own for a complaint told ("damaged" in "my item arrived damaged").
    [Theory]
    [InlineData("damaged", true)]
    [InlineData("verschmiert", true)]
    [InlineData("Beschwerde", true)]
    [InlineData("valitus", true)]
    [InlineData("delivery", false)]
    [InlineData("arrived", false)]
    public void A_complaint_word_alone_is_known(string word, bool complaint) =>
        Assert.Equal(complaint, AutoReply.Core.Handoffs.EscalationSignals.IsComplaintWord(word));

    /// A complaint told and nothing asked goes to a person as a complaint, not to the answer its other words match: "the
    /// cottage was filthy when we arrived" got the check-in times (judged 0.96; the session-51 review). The library's own
    /// answer for it is still given ("arrived damaged": a complaint's answer). A question beside the complaint is answered, and
    /// a person takes the complaint (the session-57 review: "… eingebaut habt klemmt. brauch ich jetzt nen neuen" got the
    /// cylinder's price alone).
    [Theory]
    [InlineData("the cottage was filthy when we arrived", "qa56-cottages", DecisionKind.HandOff, null)]
    [InlineData("the sauna was dirty and the sheets stained", "qa56-cottages", DecisionKind.HandOff, null)]
    [InlineData("the cottage was filthy when we arrived. when is check-out?", "qa56-cottages", DecisionKind.HandOff, "check-in-out")]
    [InlineData("der zylinder den ihr letzte woche eingebaut habt klemmt. brauch ich jetzt nen neuen", "qa73-locksmith", DecisionKind.HandOff, "cylinder-replacement")]
    [InlineData("my item arrived damaged", "", DecisionKind.HandOff, "damaged-item")]
    [InlineData("my laptop screen is cracked, need it fixed", "qa59-phone-repair", DecisionKind.Reply, "laptop-repair")]
    // what was bought broke soon after (QA round 63: the shop's sales answer, and nobody); bought and nothing broken, answered
    [InlineData("ostin teiltä kengät viime viikolla ja pohja irtos jo 😕", "qa63-bouldering-gym", DecisionKind.HandOff, null)]
    [InlineData("bought shoes from you last week and the velcro strap already broke", "qa63-bouldering-gym", DecisionKind.HandOff, null)]
    [InlineData("bought climbing shoes from you last week and the sole already came off", "qa63-bouldering-gym", DecisionKind.HandOff, null)]
    [InlineData("ostin teiltä kengät viime viikolla, myyttekö myös mankkapusseja?", "qa63-bouldering-gym", DecisionKind.Reply, "shop")]
    public void A_complaint_told_and_nothing_asked_goes_to_a_person(string text, string library, DecisionKind kind, string? answer)
    {
        var decision = Decide(text, library == "" ? SampleLibrary.Shop : SampleLibrary.Judgement(library));
        Assert.Equal((kind, answer), (decision.Kind, decision.AnswerId));
        if (kind == DecisionKind.HandOff) Assert.Equal("complaint", decision.HandOffRequest!.Category);
        // the answer first, then the acknowledgement with its apology
        if (kind == DecisionKind.HandOff && answer is not null && library != "")
            Assert.Equal([ReplyKind.Answer, ReplyKind.Ack], decision.Replies.Select(r => r.Kind));
    }

    /// A greeting that opens a DM names no topic: read whole, its word pulled the DM to the greeting answer, which shares no
    /// word with the rest (QA round 74); read without it, the question is answered, or its answer suggested.
    [Theory]
    [InlineData("hallo, was kostet bei euch ein flexdesk im monat?", "qa45-coworking", DecisionKind.Reply, "flex-desk")]
    [InlineData("Hallo, regnet es morgen, kommt ihr dann trotzdem?", "qa74-window-cleaning", DecisionKind.HandOff, null)]
    [InlineData("hallo", "qa74-window-cleaning", DecisionKind.Reply, "greeting")]
    // (session 59: the opening greeting reads the words every greeting reader knows)
    [InlineData("huhu, was kostet bei euch ein flexdesk im monat?", "qa45-coworking", DecisionKind.Reply, "flex-desk")]
    public void A_greeting_before_a_question_is_read_without(string text, string library, DecisionKind kind, string? answer)
    {
        var decision = Decide(text, SampleLibrary.Judgement(library));
        Assert.Equal((kind, answer), (decision.Kind, decision.AnswerId));
        if (kind == DecisionKind.HandOff) Assert.Equal("weather", decision.Thread!.Memory.Suggested?.AnswerId);
    }

    [Fact]
    public void The_customer_tier_travels_with_the_hand_off() =>
        Assert.Equal("enterprise", Decide("Question about the carbon figures in your annual report", "ent-1").HandOffRequest!.CustomerTier);

    [Theory]
    // general: 2 hours; legal words make an urgent complaint: 15 minutes — the acknowledgement says what the queue holds a person to
    [InlineData("Question about the carbon figures in your annual report", "within 2 hours", 120)]
    [InlineData("the charger caught fire", "within 15 minutes", 15)]
    public void The_acknowledgement_promises_the_first_response_due_time_of_its_hand_off(string text, string promise, int minutes)
    {
        var decision = Decide(text);
        Assert.Contains(promise, Assert.Single(decision.Replies).Text);
        Assert.Equal(BusinessHoursTests.At("2026-11-24T10:00:00") + NodaTime.Duration.FromMinutes(minutes), decision.HandOffRequest!.FirstResponseDue);
    }
}

public sealed class SatisfactionAnswerTests
{
    static readonly EngineSettings Settings = new(BusinessHoursTests.Shop(), ["stop"], ["start"], Duration.FromHours(2), Duration.FromMinutes(30),
        Disclosure: Conversation.NoDisclosure);

    /// A score sent again straight after the rating replaces it without a word ("actually 5", QA round 11); words that
    /// close the exchange ("ok", "super") do not, and an hour later a digit is a DM like any other.
    [Fact]
    public void A_score_sent_again_straight_after_replaces_the_rating_and_closing_words_do_not() =>
        Conversation.With(Settings, SampleLibrary.Shop, "2026-11-24T10:00:00")
            .SatisfactionAsked()
            .Customer("great, thanks").BotSays("Thank you for your feedback!").Rated(5)
            .Customer("actually 4").BotIsSilent().Rated(4)
            .SatisfactionAsked()
            .Customer("5/5 🙏").BotSays("Thank you for your feedback!").Rated(5)
            .Customer("ok").BotIsSilent().Rated(null)
            .Run();

    /// A score that opens a DM saying more is kept while the DM goes on to be decided: here to a person, urgently (QA
    /// round 12: "2 - she needed stitches" lost its score).
    [Fact]
    public void A_score_that_opens_a_longer_DM_is_kept_and_the_DM_decided_as_any() =>
        Conversation.With(Settings, SampleLibrary.Shop, "2026-11-24T10:00:00")
            .SatisfactionAsked()
            .Customer("2 - she needed stitches, the zipper is dangerous").HandsOff("complaint").Rated(2)
            .SatisfactionAsked()
            .Customer("5 pairs of socks please, do you have them in blue?").Rated(null)
            .Run();


    [Theory]
    [InlineData("5", 5)]
    [InlineData(" 4/5 ", 4)]
    [InlineData("3 stars", 3)]
    [InlineData("⭐⭐", 2)]
    [InlineData("great", 5)]
    [InlineData("Sehr gut!", 5)]
    [InlineData("geht so", 3)]
    [InlineData("schlecht", 2)]
    [InlineData("hyvä", 4)]
    [InlineData("great, thanks", 5)]
    [InlineData("4 danke", 4)]
    [InlineData("hyvä, kiitos!", 4)]
    [InlineData("Thanks! 5/5", 5)]
    [InlineData("5 stars, thank you so much 🙏", 5)]
    [InlineData("5/5 🙏", 5)]        // QA round 11: with an emoji it opened a hand-off
    [InlineData("5 🙏", 5)]
    [InlineData("4 👍🏽", 4)]
    [InlineData("actually 5", 5)]
    [InlineData("eigentlich 4", 4)]
    [InlineData("🙏", null)]
    [InlineData("5 ⭐", 5)]
    [InlineData("ok thanks", null)]     // a closing remark, not a middling score (review)
    [InlineData("ok, kiitos", null)]
    [InlineData("actually", null)]
    [InlineData("6", null)]
    [InlineData("thanks", null)]
    [InlineData("danke für die Hilfe", null)]
    [InlineData("5 pairs of socks please", null)]
    [InlineData("where is my order", null)]
    public void Scores_are_read_from_digits_stars_and_words(string text, int? score) =>
        Assert.Equal(score, AutoReply.Core.Policies.SatisfactionAnswer.Parse(text));
}
