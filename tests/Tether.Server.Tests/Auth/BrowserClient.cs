
namespace Tether.Server.Tests.Auth;

/// <summary>
/// A browser's side of the cookie session, spelled out: no automatic redirects or cookie jar, so tests see exactly
/// which Set-Cookie headers the server sent and decide which cookies, CSRF header and Origin each request carries.
/// </summary>
internal sealed class BrowserClient : IDisposable
{
    private readonly HttpClient _http;

    public BrowserClient(Uri baseAddress)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };
        Origin = baseAddress.GetLeftPart(UriPartial.Authority);
    }

    public string Origin { get; }

    public string? Session { get; private set; }

    public string? Csrf { get; private set; }

    /// <summary>Opens a login link and keeps the cookies it sets.</summary>
    public async Task<HttpResponseMessage> OpenAsync(string url)
    {
        var response = await _http.GetAsync(url);
        foreach (var cookie in SetCookies(response))
        {
            var value = cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..cookie.IndexOf(';', StringComparison.Ordinal)];
            if (cookie.StartsWith("tether_session=", StringComparison.Ordinal))
            {
                Session = value;
            }
            else if (cookie.StartsWith("tether_csrf=", StringComparison.Ordinal))
            {
                Csrf = value;
            }
        }

        return response;
    }

    public static IReadOnlyList<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, bool csrf = true, string? origin = "")
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (Session is not null)
        {
            request.Headers.Add("Cookie", $"tether_session={Session}; tether_csrf={Csrf}");
        }

        if (csrf && Csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", Csrf);
        }

        // "" means our own origin; null sends none.
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin.Length == 0 ? Origin : origin);
        }

        return _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path, origin: null);

    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? origin = "") =>
        SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(fields), csrf: false, origin);

    public void Dispose() => _http.Dispose();
}
