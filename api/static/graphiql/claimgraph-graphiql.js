// claimgraph's GraphiQL page: starts GraphiQL (with the explorer plugin) against the URL the
// page was served from. The default query and welcome text come from the page's JSON config
// (api/graphiql.py). Nothing here loads anything from another host.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("claimgraph-graphiql-config").textContent);
  var endpoint = window.location.href.split("#")[0].split("?")[0];
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  var explorer = GraphiQLPluginExplorer.explorerPlugin();

  function ClaimgraphGraphiQL() {
    return React.createElement(
      GraphiQL,
      {
        fetcher: fetcher,
        defaultQuery: config.defaultQuery,
        plugins: [explorer],
        defaultEditorToolsVisibility: "headers",
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: false, // API keys stay out of the browser's storage
        inputValueDeprecation: true,
      },
      React.createElement(GraphiQL.Logo, null, "claimgraph")
    );
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(ClaimgraphGraphiQL));
})();
