// The HTTP server of `paragraf serve`: cpp-httplib (Debian's
// libcpp-httplib-dev) turned into WebRequest/WebResponse for a WebApp. The
// only file of paragraf that includes the HTTP library.
#pragma once

#include <functional>
#include <string>

#include "core/status.h"
#include "web/web_app.h"

namespace paragraf::web {

struct ServeOptions {
  std::string bind = "127.0.0.1";  // the address to listen on; loopback unless told otherwise
  int port = 8080;                 // 0: any free port (on_listening says which)
};

// Serves `app` until SIGINT or SIGTERM; `on_listening(host, port)` runs once
// the socket listens. Errors: IOError when the address cannot be bound.
Status Serve(WebApp& app, const ServeOptions& options,
             const std::function<void(const std::string& host, int port)>& on_listening);

}  // namespace paragraf::web
