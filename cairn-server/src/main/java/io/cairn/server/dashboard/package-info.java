/**
 * The web dashboard each node serves on its admin endpoint: {@link io.cairn.server.dashboard.Dashboard}
 * holds the page's assets (plain HTML, JavaScript and CSS, classpath resources beside it) and
 * answers the view of the cluster (health, ring, request charts, tables, operations, warnings).
 * {@link io.cairn.server.dashboard.RequestSampler} samples the node's client requests every second
 * into a bounded {@link io.cairn.server.dashboard.SampleRing} (15 minutes);
 * {@link io.cairn.server.dashboard.RecentWarnings} keeps the process's last warnings and errors;
 * {@code PeerReports} asks the other nodes' admin endpoints, whose addresses they gossip, for
 * their own reports. Everything here is owned by the process that starts it: no static state.
 * Uses cairn-node and below; nothing else in cairn-server.
 */
package io.cairn.server.dashboard;
