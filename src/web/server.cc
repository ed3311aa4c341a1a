#include "web/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cctype>
#include <thread>

namespace paragraf::web {

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A bare page for requests the app never sees (refused by the HTTP layer)
// and for failures of the conversion itself.
void Plain(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(fmt::format("<!doctype html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
                              "<title>Fel {0} – paragraf</title></head><body><h1>Fel {0}</h1>"
                              "<p>{1}</p><p><a href=\"/\">Till startsidan</a></p></body></html>\n",
                              status, message),
                  "text/html; charset=utf-8");
  res.set_header("X-Content-Type-Options", "nosniff");
}

// The request as the app reads it. InvalidArgument for a malformed one.
Result<WebRequest> Convert(const httplib::Request& req) {
  Result<WebRequest> parsed = WebRequest::Parse(req.method, req.target);
  if (!parsed.ok()) return parsed.status();
  WebRequest& out = *parsed;
  out.remote_addr = req.remote_addr;
  for (const auto& [name, value] : req.headers) {
    const std::string key = Lower(name);
    if (out.headers.count(key) == 0) out.headers[key] = value;
  }
  const std::string type = Lower(req.get_header_value("Content-Type"));
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    if (Status status = ParseQueryString(req.body, &out.params); !status.ok()) return status;
  }
  for (const auto& [field, part] : req.files) {
    if (part.filename.empty() && part.content_type.empty()) {
      if (!IsValidUtf8(part.content)) {
        return Status::InvalidArgument("formuläret är inte giltig UTF-8");
      }
      out.params.emplace_back(field, part.content);
    } else {
      out.files.push_back(UploadedFile{field, part.filename, part.content_type, part.content});
    }
  }
  return parsed;
}

std::string ErrorText(int status) {
  switch (status) {
    case 400:
      return "Begäran kunde inte tolkas.";
    case 404:
      return "Sidan finns inte.";
    case 413:
      return "Begäran är för stor: ladda upp färre eller mindre filer.";
    case 414:
      return "Adressen är för lång.";
    case 416:
      return "Det begärda intervallet finns inte.";
    default:
      return "Begäran kunde inte besvaras.";
  }
}

}  // namespace

Status Serve(WebApp& app, const ServeOptions& options,
             const std::function<void(const std::string& host, int port)>& on_listening) {
  // SIGINT and SIGTERM go to one thread that stops the server; the
  // server's threads, started after this, inherit the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &signals, &previous);

  httplib::Server server;
  server.set_payload_max_length(app.MaxRequestBytes());
  server.set_read_timeout(60, 0);
  server.set_write_timeout(60, 0);
  auto handle = [&app](const httplib::Request& req, httplib::Response& res) {
    Result<WebRequest> request = Convert(req);
    if (!request.ok()) {
      Plain(res, 400, request.status().message());
      return;
    }
    WebResponse response = app.Handle(*request);
    res.status = response.status;
    for (const auto& [name, value] : response.headers) res.set_header(name, value);
    res.set_content(response.body, response.content_type);
  };
  server.Get(".*", handle);
  server.Post(".*", handle);
  server.Put(".*", handle);
  server.Patch(".*", handle);
  server.Delete(".*", handle);
  server.Options(".*", handle);
  // Errors the HTTP layer decides itself (a bad request line, a body over
  // the limit) get a message; the app's own error pages are left alone.
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        Plain(res, res.status, ErrorText(res.status));
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                  const std::exception_ptr&) { Plain(res, 500, "Internt fel."); });

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.bind);
    if (port < 0) port = 0;
  } else if (!server.bind_to_port(options.bind, port)) {
    port = 0;
  }
  if (port <= 0) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return Status::IOError(fmt::format(
        "cannot listen on {}:{} (is the port in use, or the address not this machine's?)",
        options.bind, options.port));
  }
  // The stopper looks for a signal four times a second until the server
  // has stopped, whoever stopped it.
  std::atomic<bool> stopped{false};
  std::thread stopper([&server, &stopped, signals] {
    const timespec quarter{0, 250'000'000};
    while (!stopped) {
      if (sigtimedwait(&signals, nullptr, &quarter) > 0) {
        server.stop();
        return;
      }
    }
  });
  on_listening(options.bind, port);
  const bool ok = server.listen_after_bind();
  stopped = true;
  stopper.join();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (!ok) return Status::IOError("the server stopped listening");
  return Status::OK();
}

}  // namespace paragraf::web
