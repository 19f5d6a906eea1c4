/** The greeter broker's node ID: a client broker's static `urls` entry names it (host:port/nodeID). */
export const greeterNodeId = "greeter-node";
