using System.Buffers;
using System.Text;

namespace Snikket.Xmpp;

/// <summary>
/// A resumable, bounded parser for the restricted XML of RFC 6120 §11 over UTF-8 bytes. It is a
/// pure function of the bytes it is given: no I/O, no look-ahead beyond its input, no reference
/// kept to the caller's buffers between calls (its state is counters, a stack and copied bytes).
/// </summary>
/// <remarks>
/// <para>Rejected (as a <see cref="StreamErrorException"/>): DTDs, comments, processing
/// instructions, entity references other than the five predefined ones and character
/// references (<see cref="StreamErrorCondition.RestrictedXml"/>); anything not well-formed or not
/// namespace-well-formed (<see cref="StreamErrorCondition.NotWellFormed"/>); bytes that are not
/// UTF-8 or an XML declaration naming another encoding
/// (<see cref="StreamErrorCondition.UnsupportedEncoding"/>); input beyond
/// <see cref="XmlLimits"/> (<see cref="StreamErrorCondition.PolicyViolation"/>), detected as the
/// bytes arrive. After an error the parser stays failed until <see cref="Reset"/>.</para>
/// <para>Each byte is examined once: the state machine keeps partial names, values and text in
/// its own buffers, so input split anywhere, even one byte per call, costs linear time.</para>
/// </remarks>
public sealed class XmlStreamParser
{
    private const string StreamLocalName = "stream";
    private const int MaxEntityReferenceBytes = 32;

    // Bytes that need no attention inside character data: printable ASCII except the markup
    // characters, plus tab and line feed. ']' and '>' are excluded to catch "]]>" (XML 1.0 §2.4).
    private static readonly SearchValues<byte> s_plainText = SearchValues.Create(PlainBytes("<&]>", lineFeed: true));

    // Inside CDATA only the terminator matters.
    private static readonly SearchValues<byte> s_plainCdata = SearchValues.Create(PlainBytes("]", lineFeed: true));

    // Inside attribute values: tab, CR and LF are normalised to spaces (XML 1.0 §3.3.3), so they are not plain.
    private static readonly SearchValues<byte> s_plainAttribute = SearchValues.Create(PlainBytes("<&'\"", lineFeed: false));

    // ASCII name characters except the colon, which needs QName bookkeeping.
    private static readonly SearchValues<byte> s_asciiNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"u8);

    private readonly XmlLimits _limits;
    private readonly ParseMode _mode;
    private readonly NameTable _names = new();
    private readonly List<Frame> _frames = [];
    private readonly List<Binding> _bindings = [];
    private readonly List<PendingAttribute> _pending = [];
    private readonly ByteBuffer _text = new();
    private readonly ByteBuffer _name = new();
    private readonly ByteBuffer _value = new();
    private readonly ByteBuffer _scratch = new();

    private State _state;
    private State _entityReturn;
    private Phase _phase;
    private bool _atDocumentStart;

    // True after an explicit Reset (a stream restart), where white space may precede the declaration.
    private bool _restarted;
    private bool _lastWasCr;
    private bool _pendingClose;
    private byte _quote;
    private int _brackets;
    private int _match;

    // UTF-8 decoding state (RFC 3629 §4), carried across calls.
    private int _utf8Need;
    private int _utf8Value;
    private int _utf8Min;

    // The name being read.
    private int _nameChars;
    private int _nameColon;
    private bool _nameAtStart;

    private string _tagPrefix = "";
    private string _tagLocal = "";
    private string _attributePrefix = "";
    private string _attributeLocal = "";
    private string _rootPrefix = "";
    private string _rootLocal = "";

    // The byte budget of the unit being read (stream header or one top-level element); -1 = none.
    private int _budgetLimit;
    private long _budgetUsed;
    private string _budgetName = "";

    private StreamEvent _event;
    private StreamErrorException? _fault;

    /// <summary>Creates a parser for an XMPP stream (<see cref="ParseMode.Stream"/>).</summary>
    public XmlStreamParser(XmlLimits limits)
        : this(limits, ParseMode.Stream)
    {
    }

    /// <summary>Creates a parser.</summary>
    /// <param name="limits">Resource limits, enforced while reading.</param>
    /// <param name="mode">Whether the input is one stream with a root element or a sequence of stand-alone elements.</param>
    public XmlStreamParser(XmlLimits limits, ParseMode mode)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxStanzaBytes, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxDepth, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfNegative(limits.MaxAttributes, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxNameLength, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxHeaderBytes, 1, nameof(limits));
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode));
        }

        _limits = limits;
        _mode = mode;
        Reset();
        _restarted = false;
    }

    private enum State : byte
    {
        Content,
        Lt,
        Bang,
        CdataOpen,
        Cdata,
        Declaration,
        StartName,
        EndName,
        EndTail,
        TagBody,
        AttributeName,
        AttributeEq,
        AttributeQuote,
        AttributeValue,
        AttributeAfter,
        EmptyEnd,
        Entity,
    }

    private enum Phase : byte
    {
        /// <summary>Before the stream header (Stream mode only).</summary>
        Prolog,

        /// <summary>Inside the stream, or always in Fragments mode.</summary>
        Root,

        /// <summary>After the stream's end tag.</summary>
        Epilog,
    }

    private enum Step : byte
    {
        NeedMore,
        Event,
        BudgetStart,
        BudgetStop,
    }

    /// <summary>The parsing mode.</summary>
    public ParseMode Mode => _mode;

    /// <summary>
    /// Whether the next <see cref="TryRead"/> returns an event without needing more input (the
    /// <see cref="StreamEventKind.Closed"/> that follows a self-closing stream header). A read loop
    /// should call <see cref="TryRead"/> again before it waits for more data.
    /// </summary>
    public bool HasPendingEvent => _pendingClose;

    /// <summary>
    /// Reads the next event from the start of <paramref name="buffer"/>.
    /// </summary>
    /// <param name="buffer">
    /// The unread input. On <see langword="true"/> it is sliced to just after the event's last
    /// byte, so anything pipelined after it (e.g. after <c>&lt;starttls/&gt;</c>) is still there.
    /// On <see langword="false"/> everything was consumed into the parser's state and the buffer
    /// is empty; call again with more data (<c>reader.AdvanceTo(buffer.Start, buffer.End)</c>).
    /// </param>
    /// <param name="evt">The event, when <see langword="true"/> is returned.</param>
    /// <returns>Whether an event was read.</returns>
    /// <exception cref="StreamErrorException">The input is not acceptable; the stream must be closed with this error.</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out StreamEvent evt)
    {
        if (_fault is not null)
        {
            throw new StreamErrorException(_fault.Condition, _fault.Text);
        }

        if (_pendingClose)
        {
            // "<stream:stream …/>": the header was reported, now report the close.
            _pendingClose = false;
            _phase = Phase.Epilog;
            evt = StreamEvent.CreateClosed();
            return true;
        }

        try
        {
            long consumed = 0;
            foreach (var memory in buffer)
            {
                var span = memory.Span;
                var position = 0;
                while (position < span.Length)
                {
                    var slice = span[position..];
                    var budgeted = _budgetLimit >= 0;
                    if (budgeted)
                    {
                        // Never look at more than one byte past the budget: the limit trips
                        // before an oversized unit is buffered (Prosody CVE-2021-32918).
                        var room = _budgetLimit - _budgetUsed + 1;
                        if (slice.Length > room)
                        {
                            slice = slice[..(int)room];
                        }
                    }

                    var step = Run(slice, out var used);
                    position += used;
                    consumed += used;
                    if (budgeted)
                    {
                        _budgetUsed += used;
                        if (_budgetUsed > _budgetLimit)
                        {
                            throw Limit($"{_budgetName} exceeds {_budgetLimit} bytes");
                        }
                    }

                    switch (step)
                    {
                        case Step.Event:
                            _budgetLimit = -1;
                            evt = _event;
                            _event = default;
                            buffer = buffer.Slice(consumed);
                            return true;
                        case Step.BudgetStart:
                            StartBudget(_limits.MaxStanzaBytes, "stanza");
                            break;
                        case Step.BudgetStop:
                            _budgetLimit = -1;
                            break;
                        case Step.NeedMore:
                        default:
                            break;
                    }
                }
            }

            buffer = buffer.Slice(buffer.End);
            evt = default;
            return false;
        }
        catch (StreamErrorException e)
        {
            _fault = e;
            throw;
        }
    }

    /// <summary>
    /// Forgets everything and expects a new stream from the next byte: after STARTTLS and after
    /// SASL success (RFC 6120 §5.4.3.3, §6.4.6), and to reuse a parser after an error.
    /// </summary>
    public void Reset()
    {
        _frames.Clear();
        _bindings.Clear();
        _pending.Clear();
        _text.Trim();
        _name.Trim();
        _value.Trim();
        _scratch.Trim();
        _state = State.Content;
        _phase = _mode == ParseMode.Stream ? Phase.Prolog : Phase.Root;
        _atDocumentStart = true;
        _restarted = true;
        _lastWasCr = false;
        _pendingClose = false;
        _brackets = 0;
        _utf8Need = 0;
        _rootPrefix = "";
        _rootLocal = "";
        _event = default;
        _fault = null;
        _budgetLimit = -1;
        if (_mode == ParseMode.Stream)
        {
            StartBudget(_limits.MaxHeaderBytes, "stream header");
        }
    }

    private void StartBudget(int limit, string name)
    {
        _budgetLimit = limit;
        _budgetUsed = 0;
        _budgetName = name;
    }

    /// <summary>Runs the state machine over <paramref name="span"/> until an event completes or the span ends.</summary>
    private Step Run(ReadOnlySpan<byte> span, out int used)
    {
        var i = 0;
        while (i < span.Length)
        {
            var b = span[i];
            if (b >= 0x80 || _utf8Need != 0)
            {
                NonAscii(b);
                i++;
                continue;
            }

            switch (_state)
            {
                case State.Content:
                    if (_frames.Count == 0)
                    {
                        if (IsSpace(b))
                        {
                            // White space between stanzas: keepalives (RFC 6120 §4.6.1), dropped.
                            // COMPAT: before a restarted stream's header, clients (go-xmpp) leave the
                            // newline that ended their previous element, so white space there still
                            // allows the XML declaration.
                            if (_phase != Phase.Prolog || !_restarted)
                            {
                                _atDocumentStart = false;
                            }

                            i++;
                            continue;
                        }

                        if (b != '<')
                        {
                            throw NotWellFormed(_phase == Phase.Epilog
                                ? "content after the end of the stream"
                                : "character data outside a stanza");
                        }

                        if (_phase == Phase.Epilog)
                        {
                            throw NotWellFormed("an element after the end of the stream");
                        }

                        if (_budgetLimit < 0)
                        {
                            // A top-level element starts here: its byte budget starts with this '<'.
                            used = i;
                            return Step.BudgetStart;
                        }

                        _state = State.Lt;
                        i++;
                        continue;
                    }

                    if (!_lastWasCr)
                    {
                        var run = PlainRun(span, i, s_plainText);
                        if (run > 0)
                        {
                            _text.Append(span.Slice(i, run));
                            _brackets = 0;
                            i += run;
                            continue;
                        }
                    }

                    ContentByte(b);
                    i++;
                    continue;

                case State.Lt:
                    LtByte(b);
                    i++;
                    continue;

                case State.Bang:
                    BangByte(b);
                    i++;
                    continue;

                case State.CdataOpen:
                    if (b != "CDATA["u8[_match])
                    {
                        throw NotWellFormed("malformed CDATA section start");
                    }

                    if (++_match == 6)
                    {
                        _state = State.Cdata;
                        _brackets = 0;
                    }

                    i++;
                    continue;

                case State.Cdata:
                    if (!_lastWasCr && _brackets == 0)
                    {
                        var run = PlainRun(span, i, s_plainCdata);
                        if (run > 0)
                        {
                            _text.Append(span.Slice(i, run));
                            i += run;
                            continue;
                        }
                    }

                    CdataByte(b);
                    i++;
                    continue;

                case State.Declaration:
                    i++;
                    if (DeclarationByte(b))
                    {
                        used = i;
                        return Step.BudgetStop;
                    }

                    continue;

                case State.StartName:
                    if (NameByte(b))
                    {
                        i = NameRun(span, i + 1);
                        continue;
                    }

                    FinishName(out _tagPrefix, out _tagLocal);
                    _pending.Clear();
                    i++;
                    if (b == '>')
                    {
                        if (CompleteStartTag(empty: false))
                        {
                            used = i;
                            return Step.Event;
                        }
                    }
                    else if (b == '/')
                    {
                        _state = State.EmptyEnd;
                    }
                    else if (IsSpace(b))
                    {
                        _state = State.TagBody;
                    }
                    else
                    {
                        throw NotWellFormed("unexpected character in a start tag");
                    }

                    continue;

                case State.TagBody:
                    i++;
                    if (IsSpace(b))
                    {
                        continue;
                    }

                    if (b == '>')
                    {
                        if (CompleteStartTag(empty: false))
                        {
                            used = i;
                            return Step.Event;
                        }
                    }
                    else if (b == '/')
                    {
                        _state = State.EmptyEnd;
                    }
                    else
                    {
                        BeginAttribute();
                        if (!NameByte(b))
                        {
                            throw NotWellFormed("unexpected character in a start tag");
                        }
                    }

                    continue;

                case State.AttributeName:
                    if (NameByte(b))
                    {
                        i = NameRun(span, i + 1);
                        continue;
                    }

                    FinishName(out _attributePrefix, out _attributeLocal);
                    _state = b == '=' ? State.AttributeQuote
                        : IsSpace(b) ? State.AttributeEq
                        : throw NotWellFormed("expected '=' after an attribute name");
                    i++;
                    continue;

                case State.AttributeEq:
                    if (b == '=')
                    {
                        _state = State.AttributeQuote;
                    }
                    else if (!IsSpace(b))
                    {
                        throw NotWellFormed("expected '=' after an attribute name");
                    }

                    i++;
                    continue;

                case State.AttributeQuote:
                    if (b is (byte)'\'' or (byte)'"')
                    {
                        _quote = b;
                        _value.Clear();
                        _state = State.AttributeValue;
                    }
                    else if (!IsSpace(b))
                    {
                        throw NotWellFormed("an attribute value must be quoted");
                    }

                    i++;
                    continue;

                case State.AttributeValue:
                    if (!_lastWasCr)
                    {
                        var run = PlainRun(span, i, s_plainAttribute);
                        if (run > 0)
                        {
                            _value.Append(span.Slice(i, run));
                            i += run;
                            continue;
                        }
                    }

                    AttributeValueByte(b);
                    i++;
                    continue;

                case State.AttributeAfter:
                    i++;
                    if (IsSpace(b))
                    {
                        _state = State.TagBody;
                    }
                    else if (b == '>')
                    {
                        if (CompleteStartTag(empty: false))
                        {
                            used = i;
                            return Step.Event;
                        }
                    }
                    else if (b == '/')
                    {
                        _state = State.EmptyEnd;
                    }
                    else
                    {
                        throw NotWellFormed("attributes must be separated by white space");
                    }

                    continue;

                case State.EmptyEnd:
                    i++;
                    if (b != '>')
                    {
                        throw NotWellFormed("expected '>' after '/' in a tag");
                    }

                    if (CompleteStartTag(empty: true))
                    {
                        used = i;
                        return Step.Event;
                    }

                    continue;

                case State.EndName:
                    if (NameByte(b))
                    {
                        i = NameRun(span, i + 1);
                        continue;
                    }

                    FinishName(out _tagPrefix, out _tagLocal);
                    i++;
                    if (b == '>')
                    {
                        if (CompleteEndTag())
                        {
                            used = i;
                            return Step.Event;
                        }
                    }
                    else if (IsSpace(b))
                    {
                        _state = State.EndTail;
                    }
                    else
                    {
                        throw NotWellFormed("unexpected character in an end tag");
                    }

                    continue;

                case State.EndTail:
                    i++;
                    if (b == '>')
                    {
                        if (CompleteEndTag())
                        {
                            used = i;
                            return Step.Event;
                        }
                    }
                    else if (!IsSpace(b))
                    {
                        throw NotWellFormed("unexpected character in an end tag");
                    }

                    continue;

                case State.Entity:
                    EntityByte(b);
                    i++;
                    continue;

                default:
                    throw new InvalidOperationException("Unknown parser state.");
            }
        }

        used = span.Length;
        return Step.NeedMore;
    }

    private static int PlainRun(ReadOnlySpan<byte> span, int start, SearchValues<byte> plain)
    {
        var run = span[start..].IndexOfAnyExcept(plain);
        return run < 0 ? span.Length - start : run;
    }

    private void ContentByte(byte b)
    {
        // XML 1.0 §2.11: CR LF and lone CR become LF.
        if (_lastWasCr)
        {
            _lastWasCr = false;
            if (b == '\n')
            {
                return;
            }
        }

        switch (b)
        {
            case (byte)'<':
                // Text is flushed once the markup is known: a CDATA section continues it.
                _brackets = 0;
                _state = State.Lt;
                return;
            case (byte)'&':
                _brackets = 0;
                BeginEntity(State.Content);
                return;
            case (byte)']':
                _brackets++;
                _text.Append(b);
                return;
            case (byte)'>':
                if (_brackets >= 2)
                {
                    throw NotWellFormed("']]>' in character data");
                }

                _brackets = 0;
                _text.Append(b);
                return;
            case (byte)'\r':
                _brackets = 0;
                _lastWasCr = true;
                _text.Append((byte)'\n');
                return;
            default:
                _brackets = 0;
                if (b < 0x20 && b != '\t' && b != '\n')
                {
                    throw IllegalCharacter(b);
                }

                _text.Append(b);
                return;
        }
    }

    private void LtByte(byte b)
    {
        var atDocumentStart = _atDocumentStart;
        _atDocumentStart = false;
        switch (b)
        {
            case (byte)'/':
                if (_frames.Count == 0 && (_phase != Phase.Root || _mode == ParseMode.Fragments))
                {
                    throw NotWellFormed("an end tag without a start tag");
                }

                FlushText();
                BeginName();
                _state = State.EndName;
                return;
            case (byte)'!':
                _state = State.Bang;
                return;
            case (byte)'?':
                // RFC 6120 §11.1: no processing instructions. Only an XML declaration at the very
                // first byte of the stream is allowed (XML 1.0 §2.8), and it is checked, then dropped.
                if (!atDocumentStart)
                {
                    throw Restricted("processing instruction");
                }

                _scratch.Clear();
                _brackets = 0;
                _state = State.Declaration;
                return;
            default:
                BeginElement();
                if (!NameByte(b))
                {
                    throw NotWellFormed("'<' not followed by a name");
                }

                return;
        }
    }

    private void BangByte(byte b)
    {
        if (b == '-')
        {
            throw Restricted("comment");
        }

        if (b == '[')
        {
            if (_frames.Count == 0)
            {
                throw NotWellFormed("CDATA section outside a stanza");
            }

            _match = 0;
            _state = State.CdataOpen;
            return;
        }

        if (IsAsciiLetter(b))
        {
            // <!DOCTYPE, <!ENTITY, <!ELEMENT, <!ATTLIST, <!NOTATION: RFC 6120 §11.1.
            throw Restricted("document type or markup declaration");
        }

        throw NotWellFormed("malformed markup after '<!'");
    }

    private void CdataByte(byte b)
    {
        if (_lastWasCr)
        {
            _lastWasCr = false;
            if (b == '\n')
            {
                return;
            }
        }

        if (b == ']')
        {
            _brackets++;
            return;
        }

        if (b == '>' && _brackets >= 2)
        {
            AppendBrackets(_brackets - 2);
            _brackets = 0;
            _state = State.Content;
            return;
        }

        AppendBrackets(_brackets);
        _brackets = 0;
        if (b == '\r')
        {
            _lastWasCr = true;
            _text.Append((byte)'\n');
            return;
        }

        if (b < 0x20 && b != '\t' && b != '\n')
        {
            throw IllegalCharacter(b);
        }

        _text.Append(b);
    }

    private void AppendBrackets(int count)
    {
        for (var k = 0; k < count; k++)
        {
            _text.Append((byte)']');
        }
    }

    /// <returns>Whether the declaration ended and the caller must end its byte budget (Fragments mode).</returns>
    private bool DeclarationByte(byte b)
    {
        if (b == '>' && _brackets == 1)
        {
            ParseDeclaration(_scratch.Span[..^1]);
            _scratch.Clear();
            _brackets = 0;
            _state = State.Content;
            return _mode == ParseMode.Fragments;
        }

        _brackets = b == '?' ? 1 : 0;
        _scratch.Append(b);

        // "<?xml" followed by white space is the declaration; any other target is a PI.
        var n = _scratch.Length;
        if ((n <= 3 && b != "xml"u8[n - 1]) || (n == 4 && !IsSpace(b)))
        {
            throw Restricted("processing instruction");
        }

        return false;
    }

    /// <summary>XML 1.0 §2.8 <c>XMLDecl</c>: version 1.0, encoding UTF-8 if given (RFC 6120 §11.6), standalone.</summary>
    private static void ParseDeclaration(ReadOnlySpan<byte> declaration)
    {
        var rest = declaration[3..];
        var spaced = SkipSpace(ref rest);
        if (!spaced || !TryTakePseudoAttribute(ref rest, "version"u8, out var version))
        {
            throw NotWellFormed("the XML declaration lacks a version");
        }

        if (!version.SequenceEqual("1.0"u8))
        {
            throw NotWellFormed("only XML 1.0 is supported");
        }

        spaced = SkipSpace(ref rest);
        if (spaced && TryTakePseudoAttribute(ref rest, "encoding"u8, out var encoding))
        {
            if (!IsEncodingName(encoding))
            {
                throw NotWellFormed("malformed encoding name in the XML declaration");
            }

            if (!Ascii.EqualsIgnoreCase(encoding, "UTF-8"u8))
            {
                throw new StreamErrorException(StreamErrorCondition.UnsupportedEncoding, "only UTF-8 is supported");
            }

            spaced = SkipSpace(ref rest);
        }

        if (spaced && TryTakePseudoAttribute(ref rest, "standalone"u8, out var standalone))
        {
            if (!standalone.SequenceEqual("yes"u8) && !standalone.SequenceEqual("no"u8))
            {
                throw NotWellFormed("standalone must be 'yes' or 'no'");
            }

            SkipSpace(ref rest);
        }

        if (!rest.IsEmpty)
        {
            throw NotWellFormed("malformed XML declaration");
        }
    }

    private static bool SkipSpace(ref ReadOnlySpan<byte> rest)
    {
        var n = 0;
        while (n < rest.Length && IsSpace(rest[n]))
        {
            n++;
        }

        rest = rest[n..];
        return n > 0;
    }

    private static bool TryTakePseudoAttribute(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!rest.StartsWith(name))
        {
            return false;
        }

        var after = rest[name.Length..];
        SkipSpace(ref after);
        if (after.IsEmpty || after[0] != '=')
        {
            throw NotWellFormed("malformed XML declaration");
        }

        after = after[1..];
        SkipSpace(ref after);
        if (after.IsEmpty || (after[0] != '\'' && after[0] != '"'))
        {
            throw NotWellFormed("malformed XML declaration");
        }

        var end = after[1..].IndexOf(after[0]);
        if (end < 0)
        {
            throw NotWellFormed("malformed XML declaration");
        }

        value = after.Slice(1, end);
        rest = after[(end + 2)..];
        return true;
    }

    private static bool IsEncodingName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || !IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsAsciiLetter(c) && (uint)(c - '0') > 9 && c != '.' && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private void AttributeValueByte(byte b)
    {
        if (_lastWasCr)
        {
            _lastWasCr = false;
            if (b == '\n')
            {
                return;
            }
        }

        if (b == _quote)
        {
            var isDeclaration = _attributePrefix.Length == 0
                ? string.Equals(_attributeLocal, "xmlns", StringComparison.Ordinal)
                : string.Equals(_attributePrefix, "xmlns", StringComparison.Ordinal);
            var value = isDeclaration ? _names.GetName(_value.Span) : NameTable.GetValue(_value.Span);
            _pending.Add(new PendingAttribute(_attributePrefix, _attributeLocal, value));
            _state = State.AttributeAfter;
            return;
        }

        switch (b)
        {
            case (byte)'<':
                throw NotWellFormed("'<' in an attribute value");
            case (byte)'&':
                BeginEntity(State.AttributeValue);
                return;
            case (byte)'\r':
                // XML 1.0 §2.11 then §3.3.3: CR LF becomes one LF, which becomes one space.
                _lastWasCr = true;
                _value.Append((byte)' ');
                return;
            case (byte)'\n' or (byte)'\t':
                _value.Append((byte)' ');
                return;
            default:
                if (b < 0x20)
                {
                    throw IllegalCharacter(b);
                }

                _value.Append(b);
                return;
        }
    }

    private void BeginEntity(State returnState)
    {
        _entityReturn = returnState;
        _scratch.Clear();
        _state = State.Entity;
    }

    private void EntityByte(byte b)
    {
        if (b == ';')
        {
            ResolveEntity();
            _state = _entityReturn;
            _lastWasCr = false;
            _brackets = 0;
            return;
        }

        if (_scratch.Length >= MaxEntityReferenceBytes
            || !(b == '#' || b == ':' || IsAsciiLetter(b) || (uint)(b - '0') <= 9 || b == '-' || b == '.' || b == '_'))
        {
            throw NotWellFormed("malformed entity or character reference");
        }

        _scratch.Append(b);
    }

    private void ResolveEntity()
    {
        var reference = _scratch.Span;
        int value;
        if (reference.IsEmpty)
        {
            throw NotWellFormed("empty entity reference");
        }
        else if (reference[0] == '#')
        {
            value = ParseCharacterReference(reference[1..]);
        }
        else if (reference.SequenceEqual("lt"u8))
        {
            value = '<';
        }
        else if (reference.SequenceEqual("gt"u8))
        {
            value = '>';
        }
        else if (reference.SequenceEqual("amp"u8))
        {
            value = '&';
        }
        else if (reference.SequenceEqual("apos"u8))
        {
            value = '\'';
        }
        else if (reference.SequenceEqual("quot"u8))
        {
            value = '"';
        }
        else if (IsAsciiLetter(reference[0]) || reference[0] == '_' || reference[0] == ':')
        {
            // RFC 6120 §11.1: only the predefined entities; there is no DTD to declare others.
            throw Restricted("entity reference");
        }
        else
        {
            throw NotWellFormed("malformed entity reference");
        }

        // Character references are appended as they are: no line-end or attribute-value
        // normalisation applies to them (XML 1.0 §3.3.3).
        var target = _entityReturn == State.AttributeValue ? _value : _text;
        Span<byte> utf8 = stackalloc byte[4];
        var length = new Rune(value).EncodeToUtf8(utf8);
        target.Append(utf8[..length]);
    }

    /// <summary>XML 1.0 §4.1 <c>CharRef</c>: <c>&amp;#</c> decimal or <c>&amp;#x</c> hex (lower-case x), a legal <c>Char</c>.</summary>
    private static int ParseCharacterReference(ReadOnlySpan<byte> digits)
    {
        var hex = !digits.IsEmpty && digits[0] == 'x';
        if (hex)
        {
            digits = digits[1..];
        }

        if (digits.IsEmpty)
        {
            throw NotWellFormed("empty character reference");
        }

        var value = 0;
        foreach (var d in digits)
        {
            int digit;
            if ((uint)(d - '0') <= 9)
            {
                digit = d - '0';
            }
            else if (hex && (uint)((d | 0x20) - 'a') <= 5)
            {
                digit = (d | 0x20) - 'a' + 10;
            }
            else
            {
                throw NotWellFormed("malformed character reference");
            }

            value = (value * (hex ? 16 : 10)) + digit;
            if (value > 0x10FFFF)
            {
                throw NotWellFormed("character reference beyond U+10FFFF");
            }
        }

        if (!XmlChars.IsXmlChar(value))
        {
            throw NotWellFormed($"character reference to U+{value:X4}, which XML does not allow");
        }

        return value;
    }

    private void BeginElement()
    {
        if (_phase == Phase.Root && _frames.Count >= _limits.MaxDepth)
        {
            throw Limit($"elements nested deeper than {_limits.MaxDepth}");
        }

        FlushText();
        BeginName();
        _state = State.StartName;
    }

    private void BeginAttribute()
    {
        if (_pending.Count >= _limits.MaxAttributes)
        {
            throw Limit($"more than {_limits.MaxAttributes} attributes on one element");
        }

        BeginName();
        _state = State.AttributeName;
    }

    private void BeginName()
    {
        _name.Clear();
        _nameChars = 0;
        _nameColon = -1;
        _nameAtStart = true;
    }

    /// <summary>Adds an ASCII byte to the name being read.</summary>
    /// <returns><see langword="false"/> if the byte is not a name character (it ends the name).</returns>
    private bool NameByte(byte b)
    {
        if (b == ':')
        {
            // Namespaces in XML 1.0 §4: a QName is NCName (':' NCName)?.
            if (_nameAtStart || _nameColon >= 0)
            {
                throw NotWellFormed("malformed qualified name");
            }

            _nameColon = _name.Length;
            _nameAtStart = true;
        }
        else if (_nameAtStart ? !XmlChars.IsNameStartChar(b) : !XmlChars.IsNameChar(b))
        {
            if (XmlChars.IsNameChar(b))
            {
                throw NotWellFormed("a name cannot start with a digit, '-' or '.'");
            }

            return false;
        }
        else
        {
            _nameAtStart = false;
        }

        CountNameCharacters(1);
        _name.Append(b);
        return true;
    }

    /// <summary>Consumes a run of plain ASCII name characters after a name character.</summary>
    private int NameRun(ReadOnlySpan<byte> span, int start)
    {
        if (_nameAtStart || start >= span.Length)
        {
            return start;
        }

        var run = PlainRun(span, start, s_asciiNameChars);
        CountNameCharacters(run);
        _name.Append(span.Slice(start, run));
        return start + run;
    }

    private void CountNameCharacters(int count)
    {
        _nameChars += count;
        if (_nameChars > _limits.MaxNameLength)
        {
            throw Limit($"a name longer than {_limits.MaxNameLength} characters");
        }
    }

    private void FinishName(out string prefix, out string local)
    {
        if (_nameAtStart)
        {
            throw NotWellFormed(_name.Length == 0 ? "missing name" : "a name cannot end with ':'");
        }

        var span = _name.Span;
        if (_nameColon < 0)
        {
            prefix = "";
            local = _names.GetName(span);
        }
        else
        {
            prefix = _names.GetName(span[.._nameColon]);
            local = _names.GetName(span[(_nameColon + 1)..]);
        }
    }

    private void NonAscii(byte b)
    {
        var cp = DecodeUtf8(b);
        switch (_state)
        {
            case State.Content when _frames.Count > 0:
                _lastWasCr = false;
                _brackets = 0;
                _text.Append(b);
                CheckCharacter(cp);
                return;
            case State.Cdata:
                _lastWasCr = false;
                AppendBrackets(_brackets);
                _brackets = 0;
                _text.Append(b);
                CheckCharacter(cp);
                return;
            case State.AttributeValue:
                _lastWasCr = false;
                _value.Append(b);
                CheckCharacter(cp);
                return;
            case State.Lt:
                _atDocumentStart = false;
                BeginElement();
                NonAsciiNameByte(b, cp);
                return;
            case State.TagBody:
                BeginAttribute();
                NonAsciiNameByte(b, cp);
                return;
            case State.StartName or State.AttributeName or State.EndName:
                NonAsciiNameByte(b, cp);
                return;
            default:
                // Not allowed here; wait for the sequence to complete so that invalid UTF-8 is
                // reported as such rather than as misplaced text.
                if (cp >= 0)
                {
                    throw MisplacedCharacter();
                }

                return;
        }
    }

    private StreamErrorException MisplacedCharacter() => _state switch
    {
        State.Entity when _scratch.Length > 0 && _scratch.Span[0] != '#' => Restricted("entity reference"),
        State.Entity => NotWellFormed("malformed entity or character reference"),
        State.Content => NotWellFormed(_phase == Phase.Epilog ? "content after the end of the stream" : "character data outside a stanza"),
        _ => NotWellFormed("unexpected non-ASCII character in markup"),
    };

    private void NonAsciiNameByte(byte b, int cp)
    {
        _name.Append(b);
        if (cp < 0)
        {
            return;
        }

        if (_nameAtStart ? !XmlChars.IsNameStartChar(cp) : !XmlChars.IsNameChar(cp))
        {
            throw NotWellFormed($"U+{cp:X4} is not allowed in a name");
        }

        _nameAtStart = false;
        CountNameCharacters(1);
    }

    private static void CheckCharacter(int cp)
    {
        // The decoder already excludes surrogates and values beyond U+10FFFF.
        if (cp is 0xFFFE or 0xFFFF)
        {
            throw NotWellFormed($"U+{cp:X4} is not an XML character");
        }
    }

    /// <summary>Strict UTF-8 (RFC 3629 §3, §4): no overlong forms, no surrogates, nothing above U+10FFFF. Never repaired.</summary>
    /// <returns>The code point when <paramref name="b"/> completes one, else -1.</returns>
    private int DecodeUtf8(byte b)
    {
        if (_utf8Need == 0)
        {
            if (b >= 0xC2 && b <= 0xDF)
            {
                _utf8Need = 1;
                _utf8Value = b & 0x1F;
                _utf8Min = 0x80;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                _utf8Need = 2;
                _utf8Value = b & 0x0F;
                _utf8Min = 0x800;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                _utf8Need = 3;
                _utf8Value = b & 0x07;
                _utf8Min = 0x10000;
            }
            else
            {
                throw BadEncoding($"byte 0x{b:X2} cannot start a UTF-8 sequence");
            }

            return -1;
        }

        if ((b & 0xC0) != 0x80)
        {
            throw BadEncoding("truncated UTF-8 sequence");
        }

        _utf8Value = (_utf8Value << 6) | (b & 0x3F);
        if (--_utf8Need > 0)
        {
            return -1;
        }

        var cp = _utf8Value;
        if (cp < _utf8Min)
        {
            throw BadEncoding("overlong UTF-8 sequence");
        }

        if (cp is >= 0xD800 and <= 0xDFFF)
        {
            throw BadEncoding("UTF-8 encoded surrogate");
        }

        if (cp > 0x10FFFF)
        {
            throw BadEncoding("UTF-8 sequence beyond U+10FFFF");
        }

        return cp;
    }

    private void FlushText()
    {
        if (_text.Length > 0 && _frames.Count > 0)
        {
            _frames[^1].Element.AddUnchecked(new TextNode(Encoding.UTF8.GetString(_text.Span), trusted: true));
            _text.Clear();
        }
    }

    /// <returns>Whether an event is ready in <see cref="_event"/>.</returns>
    private bool CompleteStartTag(bool empty)
    {
        _state = State.Content;

        // Namespaces in XML 1.0 §3: the declarations on a tag apply to its own name and attributes.
        var mark = _bindings.Count;
        string? defaultDeclaration = null;
        var plainAttributes = 0;
        foreach (var attribute in _pending)
        {
            if (attribute.Prefix.Length == 0 && string.Equals(attribute.Local, "xmlns", StringComparison.Ordinal))
            {
                CheckNamespaceName(attribute.Value);
                Declare(mark, "", attribute.Value);
                defaultDeclaration = attribute.Value;
            }
            else if (string.Equals(attribute.Prefix, "xmlns", StringComparison.Ordinal))
            {
                if (string.Equals(attribute.Local, "xmlns", StringComparison.Ordinal))
                {
                    throw NotWellFormed("the xmlns prefix cannot be declared");
                }

                if (string.Equals(attribute.Local, "xml", StringComparison.Ordinal))
                {
                    if (!string.Equals(attribute.Value, Ns.Xml, StringComparison.Ordinal))
                    {
                        throw NotWellFormed("the xml prefix cannot be bound to another namespace");
                    }
                }
                else
                {
                    if (attribute.Value.Length == 0)
                    {
                        // Undeclaring a prefix is XML 1.1 only (Namespaces in XML 1.0 §3).
                        throw NotWellFormed($"prefix '{attribute.Local}' declared with an empty namespace");
                    }

                    CheckNamespaceName(attribute.Value);
                }

                Declare(mark, attribute.Local, attribute.Value);
            }
            else
            {
                plainAttributes++;
            }
        }

        var ns = Resolve(_tagPrefix, isElement: true);
        List<XmlAttribute>? attributes = null;
        if (plainAttributes > 0)
        {
            attributes = new List<XmlAttribute>(plainAttributes);
            foreach (var attribute in _pending)
            {
                if (attribute.Prefix.Length == 0
                    ? string.Equals(attribute.Local, "xmlns", StringComparison.Ordinal)
                    : string.Equals(attribute.Prefix, "xmlns", StringComparison.Ordinal))
                {
                    continue;
                }

                // Unprefixed attributes are in no namespace (Namespaces in XML 1.0 §6.2).
                var attributeNs = attribute.Prefix.Length == 0 ? "" : Resolve(attribute.Prefix, isElement: false);
                foreach (var existing in attributes)
                {
                    // XML 1.0 §3.1 and Namespaces in XML 1.0 §6.3: no two attributes with the same expanded name.
                    if (string.Equals(existing.Name, attribute.Local, StringComparison.Ordinal)
                        && string.Equals(existing.Namespace, attributeNs, StringComparison.Ordinal))
                    {
                        throw NotWellFormed($"duplicate attribute '{attribute.Local}'");
                    }
                }

                attributes.Add(new XmlAttribute(attribute.Local, attributeNs, attribute.Value));
            }
        }

        _pending.Clear();

        if (_phase == Phase.Prolog)
        {
            return OpenStream(ns, defaultDeclaration, attributes, empty);
        }

        if (string.Equals(_tagLocal, StreamLocalName, StringComparison.Ordinal) && string.Equals(ns, Ns.Streams, StringComparison.Ordinal))
        {
            // A stream header inside the stream is a smuggling attempt (Cisco CVE-2022-20917).
            throw new StreamErrorException(StreamErrorCondition.BadFormat, "a stream header inside the stream");
        }

        var element = new Element(_tagLocal, ns, attributes);
        if (_frames.Count > 0)
        {
            _frames[^1].Element.AddUnchecked(element);
        }

        if (!empty)
        {
            _frames.Add(new Frame(element, _tagPrefix, _tagLocal, mark));
            return false;
        }

        _bindings.RemoveRange(mark, _bindings.Count - mark);
        if (_frames.Count == 0)
        {
            EmitElement(element);
            return true;
        }

        return false;
    }

    private bool OpenStream(string ns, string? defaultDeclaration, List<XmlAttribute>? attributes, bool empty)
    {
        var header = new Dictionary<string, string>(attributes?.Count ?? 0, StringComparer.Ordinal);
        if (attributes is not null)
        {
            foreach (var attribute in attributes)
            {
                var key = attribute.Namespace.Length == 0 ? attribute.Name
                    : string.Equals(attribute.Namespace, Ns.Xml, StringComparison.Ordinal) && string.Equals(attribute.Name, "lang", StringComparison.Ordinal) ? "xml:lang"
                    : QualifiedNameOf(attribute);
                header[key] = attribute.Value;
            }
        }

        _rootPrefix = _tagPrefix;
        _rootLocal = _tagLocal;
        _phase = Phase.Root;
        _pendingClose = empty;
        _event = StreamEvent.CreateOpened(new StreamHeader(_tagLocal, ns, defaultDeclaration, header));
        return true;
    }

    private string QualifiedNameOf(XmlAttribute attribute)
    {
        for (var i = _bindings.Count - 1; i >= 0; i--)
        {
            var binding = _bindings[i];
            if (binding.Prefix.Length > 0 && string.Equals(binding.Uri, attribute.Namespace, StringComparison.Ordinal))
            {
                return binding.Prefix + ":" + attribute.Name;
            }
        }

        return string.Equals(attribute.Namespace, Ns.Xml, StringComparison.Ordinal) ? "xml:" + attribute.Name : attribute.Name;
    }

    private bool CompleteEndTag()
    {
        _state = State.Content;
        if (_frames.Count == 0)
        {
            // Only reachable in Stream mode inside the root (checked at '</').
            if (!string.Equals(_tagPrefix, _rootPrefix, StringComparison.Ordinal) || !string.Equals(_tagLocal, _rootLocal, StringComparison.Ordinal))
            {
                throw NotWellFormed("the end tag does not match the stream header");
            }

            _phase = Phase.Epilog;
            _bindings.Clear();
            _event = StreamEvent.CreateClosed();
            return true;
        }

        var frame = _frames[^1];
        if (!string.Equals(_tagPrefix, frame.Prefix, StringComparison.Ordinal) || !string.Equals(_tagLocal, frame.Local, StringComparison.Ordinal))
        {
            throw NotWellFormed("mismatched end tag");
        }

        _frames.RemoveAt(_frames.Count - 1);
        _bindings.RemoveRange(frame.BindingMark, _bindings.Count - frame.BindingMark);
        if (_frames.Count == 0)
        {
            EmitElement(frame.Element);
            return true;
        }

        return false;
    }

    private void EmitElement(Element element)
    {
        _event = StreamEvent.CreateElement(element);

        // Give back buffers a large stanza made us grow.
        _text.Trim();
        _value.Trim();
    }

    private void Declare(int mark, string prefix, string uri)
    {
        for (var i = mark; i < _bindings.Count; i++)
        {
            if (string.Equals(_bindings[i].Prefix, prefix, StringComparison.Ordinal))
            {
                throw NotWellFormed("duplicate namespace declaration");
            }
        }

        _bindings.Add(new Binding(prefix, uri));
    }

    private static void CheckNamespaceName(string uri)
    {
        // Namespaces in XML 1.0 §3: these two names are reserved for their prefixes.
        if (string.Equals(uri, Ns.Xml, StringComparison.Ordinal) || string.Equals(uri, Ns.Xmlns, StringComparison.Ordinal))
        {
            throw NotWellFormed("a reserved namespace cannot be declared");
        }
    }

    private string Resolve(string prefix, bool isElement)
    {
        for (var i = _bindings.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_bindings[i].Prefix, prefix, StringComparison.Ordinal))
            {
                return _bindings[i].Uri;
            }
        }

        if (prefix.Length == 0)
        {
            return "";
        }

        if (string.Equals(prefix, "xml", StringComparison.Ordinal))
        {
            return Ns.Xml;
        }

        if (isElement && string.Equals(prefix, "xmlns", StringComparison.Ordinal))
        {
            throw NotWellFormed("an element cannot have the xmlns prefix");
        }

        throw NotWellFormed($"undeclared namespace prefix '{prefix}'");
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\t' or (byte)'\r';

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    private static byte[] PlainBytes(string excluded, bool lineFeed)
    {
        var bytes = new List<byte>();
        for (var b = 0x20; b < 0x80; b++)
        {
            if (!excluded.Contains((char)b, StringComparison.Ordinal))
            {
                bytes.Add((byte)b);
            }
        }

        if (lineFeed)
        {
            bytes.Add((byte)'\t');
            bytes.Add((byte)'\n');
        }

        return [.. bytes];
    }

    private static StreamErrorException NotWellFormed(string text) => new(StreamErrorCondition.NotWellFormed, text);

    private static StreamErrorException Restricted(string what) =>
        new(StreamErrorCondition.RestrictedXml, what + " not allowed in XMPP (RFC 6120 §11.1)");

    private static StreamErrorException BadEncoding(string text) => new(StreamErrorCondition.UnsupportedEncoding, text);

    private static StreamErrorException Limit(string text) => new(StreamErrorCondition.PolicyViolation, "limit: " + text);

    private static StreamErrorException IllegalCharacter(byte b) => NotWellFormed($"U+{b:X4} is not an XML character");

    private readonly record struct Frame(Element Element, string Prefix, string Local, int BindingMark);

    private readonly record struct Binding(string Prefix, string Uri);

    private readonly record struct PendingAttribute(string Prefix, string Local, string Value);
}
