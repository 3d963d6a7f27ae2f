using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Snikket.Installer.Docker;

/// <summary>
/// A small typed client of the Docker Engine API v1.41 over the engine's unix socket (plain HTTP/1.1
/// on <c>/var/run/docker.sock</c>): version and ping, containers, logs, exec, archives, images and
/// volumes. Docker.DotNet does not restore here, and the CLI needs only this much.
/// </summary>
internal sealed class DockerClient : IDisposable
{
    /// <summary>The API version every request is made with; the engine must speak at least this one.</summary>
    public static readonly Version ApiVersion = new(1, 41);

    /// <summary>Where the engine listens unless <c>DOCKER_HOST</c> says otherwise.</summary>
    public const string DefaultSocket = "/var/run/docker.sock";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = true,
    };

    private readonly HttpClient _http;

    public DockerClient(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };

        // The host name is never resolved: every connection goes to the socket above.
        _http = new HttpClient(handler)
        {
            BaseAddress = new Uri($"http://docker/v{ApiVersion.Major}.{ApiVersion.Minor}/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The unix socket this client talks to.</summary>
    public string SocketPath { get; }

    /// <summary>The socket named by <c>DOCKER_HOST</c> (<c>unix://…</c> only), else <see cref="DefaultSocket"/>.</summary>
    public static string SocketFromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return host is not null && host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : DefaultSocket;
    }

    /// <summary><c>GET /_ping</c>: true when the engine answers <c>OK</c>.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "_ping", null, cancellationToken);
        return (await response.Content.ReadAsStringAsync(cancellationToken)).Trim() == "OK";
    }

    /// <summary><c>GET /version</c>.</summary>
    public Task<DockerVersion> VersionAsync(CancellationToken cancellationToken) =>
        GetJsonAsync<DockerVersion>("version", cancellationToken);

    /// <summary><c>GET /containers/json</c>, all states, optionally only those with a label (<c>key=value</c>).</summary>
    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(string? label, CancellationToken cancellationToken)
    {
        var path = "containers/json?all=true";
        if (label is not null)
        {
            path += "&filters=" + Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [label] }));
        }

        return GetJsonAsync<IReadOnlyList<ContainerSummary>>(path, cancellationToken);
    }

    /// <summary><c>POST /containers/create</c>: a container of <paramref name="image"/> running <paramref name="command"/>; returns its id.</summary>
    public async Task<string> CreateContainerAsync(string image, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken, string? name = null)
    {
        var body = new Dictionary<string, object> { ["Image"] = image, ["Cmd"] = command, ["Labels"] = labels, ["Tty"] = false };
        var path = name is null ? "containers/create" : $"containers/create?name={Escape(name)}";
        var created = await PostJsonAsync<IdResponse>(path, body, cancellationToken);
        return created.Id;
    }

    /// <summary><c>GET /containers/{id}/json</c>.</summary>
    public Task<ContainerDetails> InspectContainerAsync(string id, CancellationToken cancellationToken) =>
        GetJsonAsync<ContainerDetails>($"containers/{Escape(id)}/json", cancellationToken);

    /// <summary><c>POST /containers/{id}/start</c>; starting a running container is not an error.</summary>
    public async Task StartContainerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"containers/{Escape(id)}/start", null, cancellationToken, HttpStatusCode.NotModified);
    }

    /// <summary><c>POST /containers/{id}/stop</c>, killing it after <paramref name="timeoutSeconds"/>; stopping a stopped container is not an error.</summary>
    public async Task StopContainerAsync(string id, int timeoutSeconds, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"containers/{Escape(id)}/stop?t={timeoutSeconds.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken, HttpStatusCode.NotModified);
    }

    /// <summary><c>DELETE /containers/{id}</c>.</summary>
    public async Task RemoveContainerAsync(string id, bool force, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"containers/{Escape(id)}?force={(force ? "true" : "false")}", null, cancellationToken);
    }

    /// <summary>
    /// <c>GET /containers/{id}/logs</c>: copies stdout and stderr (demultiplexed unless the
    /// container has a TTY) until the end, or while the container runs when <paramref name="follow"/>.
    /// </summary>
    public async Task CopyLogsAsync(string id, int? tail, bool follow, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        var details = await InspectContainerAsync(id, cancellationToken);
        var query = $"containers/{Escape(id)}/logs?stdout=true&stderr=true&follow={(follow ? "true" : "false")}&tail={(tail is { } n ? n.ToString(CultureInfo.InvariantCulture) : "all")}";
        using var response = await SendAsync(HttpMethod.Get, query, null, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        if (details.Config.Tty)
        {
            await body.CopyToAsync(stdout, cancellationToken);
        }
        else
        {
            await DockerStreamDemultiplexer.CopyAsync(body, stdout, stderr, cancellationToken);
        }
    }

    /// <summary>
    /// Runs a command in a running container (<c>POST /containers/{id}/exec</c>, <c>POST
    /// /exec/{id}/start</c>, <c>GET /exec/{id}/json</c>), streaming its output, and returns its exit code.
    /// </summary>
    public async Task<int> ExecAsync(string id, IReadOnlyList<string> command, Stream stdout, Stream stderr, CancellationToken cancellationToken, string? user = null)
    {
        var create = new Dictionary<string, object>
        {
            ["AttachStdout"] = true,
            ["AttachStderr"] = true,
            ["Tty"] = false,
            ["Cmd"] = command,
        };
        if (user is not null)
        {
            create["User"] = user;
        }

        var created = await PostJsonAsync<IdResponse>($"containers/{Escape(id)}/exec", create, cancellationToken);
        using (var response = await SendAsync(HttpMethod.Post, $"exec/{Escape(created.Id)}/start", new Dictionary<string, object> { ["Detach"] = false, ["Tty"] = false }, cancellationToken))
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await DockerStreamDemultiplexer.CopyAsync(body, stdout, stderr, cancellationToken);
        }

        // The output ends when the process does, but the engine may record the exit code a moment later.
        for (var attempt = 0; ; attempt++)
        {
            var state = await GetJsonAsync<ExecState>($"exec/{Escape(created.Id)}/json", cancellationToken);
            if (!state.Running && state.ExitCode is { } code)
            {
                return code;
            }

            if (attempt == 100)
            {
                throw new TimeoutException($"The command {command[0]} in container {id} closed its output but has not exited after 10 s.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Runs a short command and collects its output as text (UTF-8).</summary>
    public async Task<ExecResult> ExecCollectAsync(string id, IReadOnlyList<string> command, CancellationToken cancellationToken, string? user = null)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var code = await ExecAsync(id, command, stdout, stderr, cancellationToken, user);
        return new ExecResult(code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    /// <summary><c>GET /containers/{id}/archive?path=</c>: a tar of <paramref name="path"/> (works on stopped containers too).</summary>
    public async Task GetArchiveAsync(string id, string path, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"containers/{Escape(id)}/archive?path={Uri.EscapeDataString(path)}", null, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <summary><c>PUT /containers/{id}/archive?path=</c>: extracts a tar into the directory <paramref name="path"/>.</summary>
    public async Task PutArchiveAsync(string id, string path, Stream tar, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"containers/{Escape(id)}/archive?path={Uri.EscapeDataString(path)}")
        {
            Content = new StreamContent(tar),
        };
        request.Content.Headers.ContentType = new("application/x-tar");
        using var response = await SendRawAsync(request, cancellationToken);
        await ThrowIfFailedAsync(response, $"PUT archive {path}", cancellationToken);
    }

    /// <summary><c>GET /images/json</c>.</summary>
    public Task<IReadOnlyList<ImageSummary>> ListImagesAsync(CancellationToken cancellationToken) =>
        GetJsonAsync<IReadOnlyList<ImageSummary>>("images/json", cancellationToken);

    /// <summary><c>GET /volumes</c>, optionally only those with a label (<c>key=value</c>).</summary>
    public async Task<IReadOnlyList<VolumeSummary>> ListVolumesAsync(string? label, CancellationToken cancellationToken)
    {
        var path = "volumes";
        if (label is not null)
        {
            path += "?filters=" + Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [label] }));
        }

        var list = await GetJsonAsync<VolumeList>(path, cancellationToken);
        return list.Volumes ?? [];
    }

    /// <summary><c>DELETE /volumes/{name}</c>.</summary>
    public async Task RemoveVolumeAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"volumes/{Escape(name)}", null, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private async Task<T> GetJsonAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new InvalidDataException($"The Docker engine answered GET {path} with an empty body.");
    }

    private async Task<T> PostJsonAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, path, body, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new InvalidDataException($"The Docker engine answered POST {path} with an empty body.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken, HttpStatusCode? alsoFine = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        var response = await SendRawAsync(request, cancellationToken);
        if (alsoFine is { } fine && response.StatusCode == fine)
        {
            return response;
        }

        try
        {
            await ThrowIfFailedAsync(response, $"{method} {path.Split('?')[0]}", cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            var why = socket.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "the socket does not exist",
                SocketError.ConnectionRefused => "nothing listens on it (is dockerd running?)",
                SocketError.AccessDenied => "permission denied (run as root or add your user to the docker group)",
                _ => socket.Message,
            };
            throw new DockerUnavailableException(
                $"Cannot reach the Docker engine at {SocketPath}: {why}. Install Docker (https://docs.docker.com/engine/install/) and start it (`systemctl start docker`), or set DOCKER_HOST=unix:///path/to/docker.sock.",
                e);
        }
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, string request, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string message;
        try
        {
            message = JsonSerializer.Deserialize<ErrorResponse>(text, Json)?.Message ?? text;
        }
        catch (JsonException)
        {
            message = text;
        }

        throw new DockerApiException(response.StatusCode, request, message.Trim());
    }

    private sealed record IdResponse(string Id);

    private sealed record ExecState(bool Running, int? ExitCode);

    private sealed record ErrorResponse(string? Message);
}
