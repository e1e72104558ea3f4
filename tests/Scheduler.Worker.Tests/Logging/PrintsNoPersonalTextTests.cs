using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Scheduler.Domain;
using Scheduler.Persistence;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Logging;

/// <summary>
/// The guard behind "logs carry ids, never tenant names, addresses or message bodies" (STYLE.md §8, docs/operations.md,
/// Logs): no type of the three product assemblies prints personal or free text from its <c>ToString</c> (a record logged
/// as <c>{Order}</c>, put in an exception's message or shown by a debugger would carry it), and no log event is defined
/// to carry it.
/// </summary>
/// <remarks>
/// <para>What counts as personal or free text is decided by a member's name (its last word: <c>…Name</c>,
/// <c>…Address</c>, <c>…Postcode</c>, <c>…Email</c>, <c>…Phone</c>, <c>…Note</c>, <c>…Subject</c>, <c>…Body</c>,
/// <c>…Html</c>, <c>…Text</c>, <c>…Content</c>, <c>…Reason</c>, <c>…Defect</c>, … see <see cref="TailWords"/>) and its
/// type (something whose <c>ToString</c> shows text: a string, a <c>char[]</c>, an <c>object</c>, or a type of another
/// library that prints its value, such as a MimeKit address). A member that is provably not personal (a service's name
/// from config, a date written out in words) is in <see cref="NotPersonal"/> with its reason.</para>
/// <para>A record whose <c>ToString</c> the compiler wrote prints every public member (its generated
/// <c>PrintMembers</c>): it fails by construction when one of them is personal. A hand-written <c>ToString</c> (or
/// <c>PrintMembers</c>) is run on an instance whose personal members hold marker values; it fails when a marker comes
/// out.</para>
/// </remarks>
public sealed class PrintsNoPersonalTextTests
{
    private static readonly Assembly[] Product =
    [
        typeof(Occurrence).Assembly,
        typeof(EstateDbContext).Assembly,
        typeof(WorkOrderView).Assembly,
    ];

    /// <summary>A member whose name ends in one of these words may hold personal or free text.</summary>
    private static readonly HashSet<string> TailWords = new(StringComparer.Ordinal)
    {
        "Name", "Names", "Address", "Addresses", "Postcode", "Postcodes", "Email", "Emails", "Phone", "Telephone", "Mobile",
        "Note", "Notes", "Subject", "Body", "Html", "Text", "Content", "Contents", "Description", "Comment", "Comments",
        "Reason", "Defect", "Message", "Line", "Lines", "Recipient", "Recipients", "To", "Cc", "Bcc", "Tenant", "Contact", "Letter",
        "Detail", "Details", "Label", "User", "UserName", "Login",
    };

    /// <summary>A member whose name holds one of these words anywhere may hold personal text, unless it ends in an id word.</summary>
    private static readonly HashSet<string> AnywhereWords = new(StringComparer.Ordinal)
    {
        "Address", "Postcode", "Email", "Phone", "Telephone", "Mobile", "Note", "Notes", "Subject", "Body", "Html",
    };

    /// <summary>Ends that make a member an id, a count or a code whatever else its name says (<c>EmailKind</c>, <c>NoteLength</c>).</summary>
    private static readonly HashSet<string> IdWords = new(StringComparer.Ordinal)
    {
        "Id", "Ids", "Key", "Keys", "Code", "Codes", "Count", "Length", "Hash", "Version", "Kind", "Type", "Ref", "Changed",
    };

    /// <summary>
    /// Members that a name alone would flag but that never hold personal or free text: <c>Type.Member</c> (a nested type
    /// as <c>Outer+Inner</c>) and why.
    /// </summary>
    private static readonly Dictionary<string, string> NotPersonal = new(StringComparer.Ordinal)
    {
        ["AppointmentView.ServiceName"] = "a service's name from config (\"Gas safety check\")",
        ["FollowUpView.ServiceName"] = "a service's name from config",
        ["WorkOrderView.ServiceName"] = "a service's name from config",
        ["ServiceDefinition.Name"] = "a service's name from config",
        ["Area.Name"] = "an area of the estate from the register (\"North\"), a patch, not a home",
        ["Site.Name"] = "an estate's or scheme's name from the register, a place, not a home's address",
        ["Block.Name"] = "a block's name from the register (\"Oak House\"), a building, not a home's address",
        ["Contractor.Name"] = "a contractor's trade name from config",
        ["OutboxContractor.Name"] = "a contractor's trade name from config",
        ["Organisation.Name"] = "the landlord's own name from config",
        ["Commitment.Name"] = "a customer commitment's title from the published seed",
        ["CapacityShortfall.Reason"] = "made of a component id, a year and counts",
        ["ProgrammedWork.DeferralReason"] = "the capacity sentence: a component id, a year and counts",
        ["ScheduleEntry.Reason"] = "why a component is deferred or needs a survey: column names, years and counts",
        ["GasBookingProblem.Reason"] = "a sentence the planner writes from dates and counts (no tenant details, its docs say)",
        ["GasEscalation.Reason"] = "a summary the planner writes: attempts, dates and slots",
        ["GasEscalationPayload.Reason"] = "the same summary, stored",
        ["GasAttemptEvidence.Letter"] = "a letter's kind (appointment-first, …), not its text",
        ["GasAttemptEvidence.LetterNote"] = "why a letter did not go, written by the escalation store: a state and a message id",
        ["TenantLetterPayload.Letter"] = "a letter's kind (appointment-first, …), not its text",
        ["ContractorCancellationEmail.Reason"] = "the planner's or the import's cancellation sentence (asset inactive, out of plan): ids and dates",
        ["PlannedCancellation.Detail"] = "the planner's cancellation sentence: ids and dates",
        ["PlannedCancellation.RecordedReason"] = "the planner's code and sentence: ids and dates",
        ["CompletionResult.Message"] = "the recorder's answer to a report, made of references, dates and codes (never the note)",
        ["CompletionEffectRefusal.Message"] = "an effect's refusal, made of references, categories and codes (never the note)",
        ["TenantCopyResult.Message"] = "the answer to a tenant-copy report: a reference and dates",
        ["TenantRungResult.Message"] = "the answer to a tenant-rung call: a reference, dates and a slot",
        ["GenerationScope.Reason"] = "why a generate compared incrementally or in full: config versions and counts",
        ["GenerationRun.TriggerName"] = "a Quartz trigger's name",
        ["CronSchedule.Description"] = "a Quartz trigger's description",
        ["NestingSeasonOverride.Reason"] = "the landlord's reason for a config override, from config",
        ["ConfigNode.ValueText"] = "a value of the config files (the landlord's settings, not the register): config errors quote it by design",
        ["ConfigProblem.Message"] = "what is wrong with a config or register file, written by the loader from column names, ids and accepted forms",
        ["ConfigLoader+ConfigFile.Name"] = "a config file's name",
        ["ConfigLoader+ConfigFile.DisplayName"] = "a config file's path as problems name it",
        ["SendResult.Detail"] = "the server's reply code and text or the transport's error; the message's own addresses and body are never put in it",
        ["RenderedEmail.HtmlTemplate"] = "the HTML template's path",
        ["PlannerColumn.Label"] = "a planner column's dates (\"w/c 1 Mar\")",
        ["PlannerColumnGroup.Label"] = "a planner column group's month",
        ["ReportChart+Row.Label"] = "a yearly report chart's row: a commitment's or measure's name",
        ["log:BadRequest.Reason"] = "a problem code (FeedbackProblems), never the request's text",
        ["log:WorkerStarted.InstanceName"] = "the Quartz scheduler's instance name from settings",
        ["log:GenerationApplied.ScopeReason"] = "why a generate compared incrementally or in full: config versions and counts",
        ["log:DispatchNotTaken.Reason"] = "the mail outage's reason: the connection's error or the server's reply, its email addresses replaced (SmtpTransport.WithoutAddresses)",
        ["log:DispatchLettersWaiting.Reason"] = "the letter folder's error: its path and the system's message",
        ["EmailModel.TemplateName"] = "a template's name (contractor-work-order)",
        ["IcsFile.MethodName"] = "the iCalendar METHOD (REQUEST, CANCEL)",
        ["MessageAttachment.FileName"] = "an attachment's file name, made from a work order reference or a week",
        ["TemplateFileName.Name"] = "a template file's name",
        ["OrderKey.AssetOrText"] = "an occurrence key (schedule/asset id/date/service): ids only",
        ["DemoCommand+Options.SampleNote"] = "what the demo did to the sample estate's dates",
        ["SyntheticEstate+AreaRow.Name"] = "the benchmark's made-up estate: no real person or home",
        ["SyntheticEstate+SiteRow.Name"] = "the benchmark's made-up estate: no real person or home",
        ["SyntheticEstate+SiteRow.Postcode"] = "the benchmark's made-up estate: no real person or home",
        ["SyntheticEstate+BlockRow.Name"] = "the benchmark's made-up estate: no real person or home",
    };

    /// <summary>
    /// Types with a hand-written <c>ToString</c> this test cannot build an instance of (it throws on an empty one), and how
    /// they are known not to print personal text.
    /// </summary>
    private static readonly Dictionary<string, string> NotBuildable = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void NoProductType_PrintsPersonalOrFreeText()
    {
        var problems = new SortedSet<string>(StringComparer.Ordinal);
        var checkedTypes = 0;
        foreach (var type in ProductTypes())
        {
            var toString = type.GetMethod(nameof(ToString), BindingFlags.Instance | BindingFlags.Public, Type.EmptyTypes)!;
            if (!Product.Contains(toString.DeclaringType!.Assembly))
            {
                continue; // object's, ValueType's or another library's: the type's name, or not ours to print.
            }

            checkedTypes++;
            if (IsGenerated(toString) && GeneratedPrintMembersChain(type) is { } printed)
            {
                problems.UnionWith(printed
                    .Where(m => IsPersonal(m.Name, MemberType(m)) && !NotPersonal.ContainsKey(Key(Declaring(m), m.Name)))
                    .Select(m => $"{Key(Declaring(m), m.Name)}: {Key(type, null)} is a record whose compiler-generated ToString prints it (override PrintMembers or ToString)"));
            }
            else
            {
                problems.UnionWith(MarkerProblems(type));
            }
        }

        Assert.True(checkedTypes > 20, $"only {checkedTypes} types with their own ToString were found: is the reflection still finding records?");
        Assert.True(problems.Count == 0, $"{problems.Count} member(s) print personal or free text:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void AllowLists_NameMembersThatExist()
    {
        var members = ProductTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(m => Key(t, m is FieldInfo f ? MemberName(f) : m.Name)))
            .ToHashSet(StringComparer.Ordinal);
        var types = ProductTypes().Select(t => Key(t, null)).ToHashSet(StringComparer.Ordinal);
        Assert.All(NotPersonal.Keys.Where(k => !k.StartsWith("log:", StringComparison.Ordinal)), k => Assert.True(members.Contains(k), $"NotPersonal names {k}, which no product type declares"));
        Assert.All(NotBuildable.Keys, k => Assert.True(types.Contains(k), $"NotBuildable names {k}, which is not a product type"));
        Assert.All(NotPersonal.Values.Concat(NotBuildable.Values), reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
    }

    [Fact]
    public void TheRule_FlagsWhatItMust()
    {
        Assert.True(IsPersonal("Address", typeof(string)));
        Assert.True(IsPersonal("TenantName", typeof(string)));
        Assert.True(IsPersonal("Postcode", typeof(string)));
        Assert.True(IsPersonal("EmailAddress", typeof(string)));
        Assert.True(IsPersonal("AddressLine1", typeof(string)));
        Assert.True(IsPersonal("DefectNote", typeof(string)));
        Assert.True(IsPersonal("Note", typeof(object)));
        Assert.True(IsPersonal("To", typeof(MimeKit.MailboxAddress)));
        Assert.True(IsPersonal("HtmlBody", typeof(string)));
        Assert.False(IsPersonal("AddressChanged", typeof(bool)));
        Assert.False(IsPersonal("TenantId", typeof(string)));
        Assert.False(IsPersonal("Reference", typeof(string)));
        Assert.False(IsPersonal("Due", typeof(NodaTime.LocalDate)));
        Assert.False(IsPersonal("Notes", typeof(int)));
    }

    /// <summary>
    /// Every log event is source-generated (STYLE.md §8) and carries values, not objects: its parameters are strings,
    /// numbers, dates and exceptions, no placeholder is named for personal text, and its template destructures nothing (<c>{@…}</c>).
    /// Event ids are unique, so an id found in Seq names one event.
    /// </summary>
    [Fact]
    public void LogEvents_CarryIdsAndValuesOnly()
    {
        var problems = new List<string>();

        // The generated methods (the generator marks each), for their parameters' types.
        var methods = Product.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<System.CodeDom.Compiler.GeneratedCodeAttribute>()?.Tool == "Microsoft.Extensions.Logging.Generators")
            .ToList();

        // The [LoggerMessage(id, level, "template")] attributes in src/, for their ids and templates (the attribute is not kept in the assembly).
        var attribute = new Regex(
            @"\[LoggerMessage\(\s*(\d+)\s*,\s*LogLevel\.\w+\s*,\s*""((?:[^""\\]|\\.)*)""\s*\)\]\s*(?:public|internal|private)\s+static\s+partial\s+void\s+(\w+)\(",
            RegexOptions.CultureInvariant);
        var events = SourceFiles()
            .SelectMany(file => attribute.Matches(File.ReadAllText(file)).Select(m => (
                File: Path.GetRelativePath(RepositoryRoot.Path, file), Id: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                Template: m.Groups[2].Value, Method: m.Groups[3].Value)))
            .ToList();
        Assert.True(events.Count > 30, $"only {events.Count} [LoggerMessage] events found in src/");
        Assert.True(
            events.Count == methods.Count,
            $"src/ has {events.Count} [LoggerMessage] attributes in the form (id, LogLevel.X, \"template\") and the assemblies {methods.Count} generated log methods: write each attribute in that form");

        foreach (var e in events)
        {
            var where = $"{e.File}: {e.Method} (event {e.Id})";
            if (e.Template.Contains("{@", StringComparison.Ordinal) || e.Template.Contains("{$", StringComparison.Ordinal))
            {
                problems.Add($"{where}: its template destructures or stringifies an object ({{@…}} / {{$…}})");
            }

            var parameters = methods.Where(m => m.Name == e.Method).SelectMany(m => m.GetParameters()).ToList();
            foreach (Match placeholder in Regex.Matches(e.Template, @"\{(\w+)"))
            {
                var name = placeholder.Groups[1].Value;
                var type = parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.ParameterType ?? typeof(string);
                if (IsPersonal(name, type) && !NotPersonal.ContainsKey($"log:{e.Method}.{name}"))
                {
                    problems.Add($"{where}: {{{name}}} is named for personal or free text");
                }
            }
        }

        foreach (var method in methods)
        {
            foreach (var parameter in method.GetParameters())
            {
                var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                if (!(typeof(ILogger).IsAssignableFrom(type) || typeof(Exception).IsAssignableFrom(type) || type == typeof(string) || type.IsPrimitive
                    || type.IsEnum || type == typeof(decimal) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(TimeSpan)
                    || type == typeof(Guid)))
                {
                    problems.Add($"{Key(method.DeclaringType!, method.Name)}: parameter {parameter.Name} is a {type.Name}, which logs what its ToString prints: pass its id or a count");
                }
            }
        }

        problems.AddRange(events
            .GroupBy(e => e.Id)
            .Where(g => g.Count() > 1)
            .Select(g => $"event id {g.Key} is used by {string.Join(" and ", g.Select(e => $"{e.Method} ({e.File})"))}: an id must name one event"));

        // Logging that is not source-generated: a call of ILogger's extension methods or LoggerMessage.Define, or Serilog's
        // static logger, anywhere in src/.
        var direct = new Regex(@"\.Log(Trace|Debug|Information|Warning|Error|Critical)\s*\(|LoggerMessage\.Define|\bSerilog\.Log\.|\bLog\.(Verbose|Debug|Information|Warning|Error|Fatal)\s*\(", RegexOptions.CultureInvariant);
        foreach (var file in SourceFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (direct.IsMatch(lines[i]) && !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    problems.Add($"{Path.GetRelativePath(RepositoryRoot.Path, file)}:{i + 1}: logs without a [LoggerMessage] event");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// A mail outage's reason is logged (event 4025) and shown by readiness: a server's 421 reply that echoes a recipient's
    /// address loses it there.
    /// </summary>
    [Fact]
    public void ServerReply_InAnOutageReason_LosesItsAddresses()
    {
        Assert.Equal(
            "4.7.0 [address]: Recipient address rejected: try again later",
            SmtpTransport.WithoutAddresses("4.7.0 <jane.tenant@example.org>: Recipient address rejected: try again later"));
        Assert.Equal("4.2.1 mailbox [address] is busy", SmtpTransport.WithoutAddresses("4.2.1 mailbox jane+home@mail.example.org is busy"));
        Assert.Equal("4.3.2 Service shutting down, closing transmission channel", SmtpTransport.WithoutAddresses("4.3.2 Service shutting down, closing transmission channel"));
    }

    /// <summary>
    /// A refusal's reply is kept in the message's <c>last_error</c> (shown by <c>outbox list</c>) and an outage's reason is
    /// logged: the SMTP login (<c>Smtp:User</c>) a server echoes when it refuses it is withheld there, as a word, and so is
    /// any address (a login that is an address, a recipient's); the rest of the reply stays.
    /// </summary>
    [Fact]
    public void ServerReply_LosesTheLoginItEchoes_AndItsAddresses()
    {
        Assert.Equal("535 5.7.8 Authentication failed for [login]", SmtpTransport.Withheld("535 5.7.8 Authentication failed for estates.mailer", "estates.mailer"));
        Assert.Equal("535 5.7.8 Error: authentication failed: [login].", SmtpTransport.Withheld("535 5.7.8 Error: authentication failed: ESTATES.MAILER.", "estates.mailer"));
        Assert.Equal("535 5.7.8 user <[login]> not accepted", SmtpTransport.Withheld("535 5.7.8 user <mailer@landlord.example> not accepted", "mailer@landlord.example"));
        Assert.Equal("550 5.1.1 mailbox unavailable", SmtpTransport.Withheld("550 5.1.1 mailbox unavailable", "mail"));
        Assert.Equal("550 5.1.1 [address]: Recipient address rejected", SmtpTransport.Withheld("550 5.1.1 <jane.tenant@example.org>: Recipient address rejected", null));
    }

    [Fact]
    public void SmtpSettings_PrintsWhetherALoginIsSet_NeverIt()
    {
        var settings = new SmtpSettings("mail.example", 587, SmtpSecurity.StartTls, "estates.mailer", "s3cret");

        Assert.Equal("SmtpSettings { Host = mail.example, Port = 587, Security = StartTls, User = (set), Password = (set) }", settings.ToString());
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Join(RepositoryRoot.Path, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static IEnumerable<Type> ProductTypes() =>
        Product.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsInterface && !t.IsEnum && !t.Name.Contains('<', StringComparison.Ordinal)
                && t.GetCustomAttribute<CompilerGeneratedAttribute>() is null
                && t.GetCustomAttribute<System.CodeDom.Compiler.GeneratedCodeAttribute>() is null // the logging generator's structs
                && !(t.IsAbstract && t.IsSealed)); // static classes

    /// <summary>
    /// The members the compiler-generated <c>PrintMembers</c> of <paramref name="type"/> and of its base records print, or
    /// null when one in the chain is hand-written (then only running it tells).
    /// </summary>
    private static List<MemberInfo>? GeneratedPrintMembersChain(Type type)
    {
        var printed = new List<MemberInfo>();
        for (var t = type; t is not null && Product.Contains(t.Assembly); t = t.BaseType)
        {
            var printMembers = t.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly, [typeof(StringBuilder)]);
            if (printMembers is null)
            {
                break; // not a record: nothing above it is printed by the generated code
            }

            if (!IsGenerated(printMembers))
            {
                return null;
            }

            printed.AddRange(t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
                .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"));
            printed.AddRange(t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly));
        }

        return printed;
    }

    /// <summary>
    /// Builds <paramref name="type"/> without a constructor, puts a marker in each of its personal string members (and
    /// a plain value in the others), and reports every marker its <c>ToString</c> prints.
    /// </summary>
    private static IEnumerable<string> MarkerProblems(Type type)
    {
        if (type.IsAbstract || type.ContainsGenericParameters)
        {
            yield break; // checked through the concrete types that derive from it
        }

        var fields = new List<FieldInfo>();
        for (var t = type; t is not null && Product.Contains(t.Assembly); t = t.BaseType)
        {
            fields.AddRange(t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
        }

        var markers = new Dictionary<string, string>(StringComparer.Ordinal);
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var field in fields)
        {
            var name = MemberName(field);
            var personal = IsPersonal(name, field.FieldType) && !NotPersonal.ContainsKey(Key(field.DeclaringType!, name));
            var value = personal ? $"«{type.Name}.{name}»" : "v";
            if (field.FieldType == typeof(string) || field.FieldType == typeof(object))
            {
                field.SetValue(instance, value);
            }
            else if (field.FieldType.IsAssignableFrom(typeof(string[])))
            {
                field.SetValue(instance, new[] { value });
            }
            else if (field.FieldType == typeof(char[]))
            {
                field.SetValue(instance, value.ToCharArray());
            }
            else
            {
                // Lists and arrays of anything else are empty, so a ToString that counts them runs.
                var element = field.FieldType.IsArray ? field.FieldType.GetElementType()
                    : field.FieldType.IsGenericType && field.FieldType.IsInterface ? field.FieldType.GetGenericArguments()[0] : null;
                if (element is not null && field.FieldType.IsAssignableFrom(element.MakeArrayType()))
                {
                    field.SetValue(instance, Array.CreateInstance(element, 0));
                }

                continue;
            }

            if (personal)
            {
                markers[Key(field.DeclaringType!, name)] = value;
            }
        }

        if (markers.Count == 0)
        {
            yield break;
        }

        string? text = null;
        Exception? failure = null;
        try
        {
            text = instance.ToString()!;
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            failure = e;
        }

        if (failure is not null)
        {
            if (!NotBuildable.ContainsKey(Key(type, null)))
            {
                yield return $"{Key(type, null)}: its hand-written ToString could not be run on a built instance ({failure.GetType().Name}: {failure.Message}); add it to NotBuildable with why it prints nothing personal";
            }

            yield break;
        }

        foreach (var (member, marker) in markers)
        {
            if (text!.Contains(marker, StringComparison.Ordinal))
            {
                yield return $"{member}: {Key(type, null)}'s hand-written ToString prints it";
            }
        }
    }

    /// <summary>Where a member is first declared: an abstract or virtual property's base, not each override.</summary>
    private static Type Declaring(MemberInfo member) =>
        member is PropertyInfo { GetMethod: { } getter } ? getter.GetBaseDefinition().DeclaringType! : member.DeclaringType!;

    // Not inherited: a record's own ToString over a base record's generated one is hand-written.
    private static bool IsGenerated(MethodInfo method) => method.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    private static Type MemberType(MemberInfo member) => member switch
    {
        PropertyInfo p => p.PropertyType,
        FieldInfo f => f.FieldType,
        _ => typeof(void),
    };

    /// <summary>A field's member name: a property's for its backing field, a primary constructor's parameter, <c>_note</c> as <c>Note</c>.</summary>
    private static string MemberName(FieldInfo field)
    {
        var name = field.Name;
        if (name.StartsWith('<'))
        {
            name = name[1..name.IndexOf('>', StringComparison.Ordinal)];
        }

        name = name.TrimStart('_');
        return name.Length == 0 ? field.Name : char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static string Key(Type type, string? member)
    {
        var name = type.Namespace is { } ns ? type.FullName![(ns.Length + 1)..] : type.FullName!;
        name = Regex.Replace(name, @"`\d+", string.Empty);
        return member is null ? name : $"{name}.{member}";
    }

    /// <summary>True when a member so named and typed can hold personal or free text and its ToString would show it.</summary>
    internal static bool IsPersonal(string name, Type type) => PrintsText(type) && IsPersonalName(name);

    private static bool IsPersonalName(string name)
    {
        var words = Regex.Matches(name, "[A-Z][a-z]*|[a-z]+")
            .Select(m => m.Value)
            .Where(w => w.Length > 0)
            .ToList();
        if (words.Count == 0)
        {
            return false;
        }

        var last = words[^1];
        if (TailWords.Contains(last))
        {
            return true;
        }

        return !IdWords.Contains(last) && words.Any(AnywhereWords.Contains);
    }

    /// <summary>True when a value of <paramref name="type"/> prints text through its ToString: a string, an object, or another library's type that prints its value.</summary>
    private static bool PrintsText(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ReadOnlyMemory<>) || type.GetGenericTypeDefinition() == typeof(Memory<>)))
        {
            return type.GetGenericArguments()[0] == typeof(char); // bytes print as their count
        }

        if (type == typeof(string) || type == typeof(object) || type == typeof(char[]) || type == typeof(StringBuilder)
)
        {
            return true;
        }

        if (type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(Guid) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
            || type == typeof(TimeSpan) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type.Namespace == "NodaTime"
            || Product.Contains(type.Assembly) || type.IsInterface)
        {
            return false; // values, and our own types (checked on their own)
        }

        var toString = type.GetMethod(nameof(ToString), BindingFlags.Instance | BindingFlags.Public, Type.EmptyTypes);
        // A list or an array prints its type's name; a type that prints its value (a MimeKit address) prints text.
        return toString is not null && toString.DeclaringType != typeof(object) && toString.DeclaringType != typeof(ValueType);
    }
}
